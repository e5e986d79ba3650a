package jgpt.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jgpt} command line: each subcommand is one small class that parses and calls the library. */
@Command(name = "jgpt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Build, train, fine-tune and run GPT models in Java.",
        subcommands = {
                InfoCommand.class,
                ModelCommand.class,
                GenerateCommand.class,
                LogitsCommand.class,
                ExportCommand.class,
                DataCommand.class,
                FinetuneCommand.class,
                ClassifyCommand.class,
                TokenizeCommand.class,
                TokenizerCommand.class,
                InstructCommand.class,
                BenchCommand.class,
                ChatCommand.class,
                TrainCommand.class,
                PlotCommand.class,
                QuickstartCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        try {
            System.exit(commandLine().execute(args));
        } catch (OutOfMemoryError e) {
            System.err.printf("jgpt: out of Java heap (%d MiB); give the run more with JGPT_JAVA_OPTS=-Xmx<size>, "
                    + "or use a smaller batch or model%n", Runtime.getRuntime().maxMemory() >> 20);
            System.exit(1);
        }
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setExecutionExceptionHandler(new UserErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
