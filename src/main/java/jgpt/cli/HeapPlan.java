package jgpt.cli;

import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.ParseResult;

/**
 * Prints the {@code -Xmx} option that the launcher starts a command with: the heap a training command says
 * it needs ({@link Planned}), at most three quarters of the machine's memory; nothing for other commands, or when the
 * arguments do not parse (the command itself then reports them). A JVM of its own, before the real one.
 */
public final class HeapPlan {
    private static final long MIB = 1L << 20;

    /** A command that knows the heap its run needs, or empty when it cannot tell cheaply. */
    interface Planned {
        OptionalLong heapBytes();
    }

    private HeapPlan() {
    }

    public static void main(String[] args) {
        plan(args).ifPresent(System.out::println);
    }

    /** "-Xmx3290m" for a command that plans its heap, else empty; never throws. */
    static Optional<String> plan(String[] args) {
        try {
            ParseResult parsed = Main.commandLine().parseArgs(args);
            while (parsed.hasSubcommand()) parsed = parsed.subcommand();
            if (!(parsed.commandSpec().userObject() instanceof Planned command)) return Optional.empty();
            OptionalLong bytes = command.heapBytes();
            if (bytes.isEmpty()) return Optional.empty();
            // this JVM runs with the default ceiling, a quarter of the machine's (or container's) memory
            long cap = 3 * Runtime.getRuntime().maxMemory();
            return Optional.of("-Xmx" + (Math.min(bytes.getAsLong(), cap) + MIB - 1) / MIB + "m");
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
