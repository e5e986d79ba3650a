package jgpt.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear sentence on stderr and exit code 1.
 * Set JGPT_DEBUG=1 to see the stack trace as well.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("jgpt: " + message);
        if (System.getenv("JGPT_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
