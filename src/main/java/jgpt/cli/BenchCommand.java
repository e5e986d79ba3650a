package jgpt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgpt bench}: the group of benchmarks; each prints our figures beside an anchor's. */
@Command(name = "bench",
        description = "Measure jgpt's speed, side by side with a reference implementation.",
        subcommands = {
                BenchGemmCommand.class,
                BenchTrainCommand.class,
                BenchDecodeCommand.class,
                BenchTokenizerCommand.class,
                CommandLine.HelpCommand.class
        })
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
