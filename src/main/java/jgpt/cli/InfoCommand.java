package jgpt.cli;

import jdk.incubator.vector.FloatVector;
import jgpt.backend.cpu.CpuBackend;
import jgpt.backend.cuda.CudaInfo;
import picocli.CommandLine.Command;

/** {@code jgpt info}: version, CPU backend (SIMD width, threads) and the GPU, or why CUDA is unavailable. */
@Command(name = "info", description = "Show the version, the CPU backend (SIMD width, threads) and the GPU.")
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
        System.out.printf("cuda       %s%n", CudaInfo.probe().describe());
    }
}
