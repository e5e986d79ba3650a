package jgpt.cli;

import java.util.Locale;
import jgpt.backend.cuda.CudaBackend;
import jgpt.backend.cuda.CudaInfo;
import jgpt.backend.cuda.Precision;
import jgpt.tensor.Device;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --precision}, shared by the commands that run a model. */
final class DeviceOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "cpu, cuda, or auto: cuda when a GPU is usable, else cpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "P",
            description = "fp32, tf32 (matrix products) or bf16 (matrix products and activations, as autocast) with float32 weights; tf32 and bf16 need the GPU (default: ${DEFAULT-VALUE}).")
    String precision;

    /** The chosen device, with the CUDA backend set to the chosen precision; one sentence when it cannot be had. */
    Device select() {
        Precision mode = Precision.parse(precision);
        Device chosen = switch (device.strip().toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "cuda" -> requireGpu();
            case "auto" -> CudaInfo.probe().available() ? Device.CUDA : Device.CPU;
            default -> throw new IllegalArgumentException("--device must be cpu, cuda or auto, got '" + device + "'");
        };
        if (chosen == Device.CUDA) {
            CudaBackend.get().setPrecision(mode);
        } else if (mode != Precision.FP32) {
            throw new IllegalArgumentException("--precision " + mode.name().toLowerCase(Locale.ROOT) + " needs the GPU, but the model runs on the cpu");
        }
        return chosen;
    }

    /** Whether select() would choose the CPU; asks only the driver, never throws. */
    boolean runsOnCpu() {
        String name = device.strip().toLowerCase(Locale.ROOT);
        return name.equals("cpu") || (name.equals("auto") && !CudaInfo.probe().available());
    }

    private static Device requireGpu() {
        CudaInfo info = CudaInfo.probe();
        if (!info.available()) throw new IllegalArgumentException("--device cuda needs a usable NVIDIA GPU, but " + info.reason());
        return Device.CUDA;
    }
}
