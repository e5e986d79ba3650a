package jgpt.cli;

import jdk.incubator.vector.FloatVector;
import jgpt.backend.cpu.CpuBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line naming the machine a run used, for run summaries: CPU model, threads, vector width. */
final class MachineDescription {
    private MachineDescription() {
    }

    static String cpu() {
        return "CPU %s, %d threads, %d-bit vectors (jgpt CPU backend)".formatted(cpuModel(), CpuBackend.get().threads(),
                FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the architecture name
        }
        return System.getProperty("os.arch");
    }
}
