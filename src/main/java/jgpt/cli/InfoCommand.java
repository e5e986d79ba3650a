package jgpt.cli;

import jdk.incubator.vector.FloatVector;
import jgpt.backend.cpu.CpuBackend;
import picocli.CommandLine.Command;

/** {@code jgpt info}: version, backend, SIMD width and threads. */
@Command(name = "info", description = "Show the version, the compute backend, SIMD width and threads.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        var species = FloatVector.SPECIES_PREFERRED;
        System.out.printf("jgpt       %s%n", VersionProvider.version());
        System.out.printf("java       %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("backend    cpu (Vector API)%n");
        System.out.printf("simd       %d bits, %d floats per vector%n", species.vectorBitSize(), species.length());
        System.out.printf("threads    %d%n", CpuBackend.get().threads());
        System.out.printf("memory     %d MiB max heap%n", Runtime.getRuntime().maxMemory() >> 20);
    }
}
