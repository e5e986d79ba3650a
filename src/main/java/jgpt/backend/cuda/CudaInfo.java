package jgpt.backend.cuda;

/**
 * Whether CUDA can be used on this machine and, if so, what its first GPU is. The probe only asks the driver
 * (it compiles no kernels) and never throws, so {@code jgpt info} and the GPU tests can always call it.
 *
 * @param reason why CUDA is unavailable, in one sentence ("libcuda.so.1 not found"), or "" when it is available
 */
public record CudaInfo(boolean available, String reason, String name, long totalMemory, int computeCapability, int driverVersion) {

    public static CudaInfo probe() {
        try {
            CudaDriver driver = CudaDriver.load();
            if (driver.deviceCount() == 0) return unavailable("no CUDA device is visible");
            int device = driver.device(0);
            int cc = 10 * driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)
                    + driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
            return new CudaInfo(true, "", driver.deviceName(device), driver.totalMemory(device), cc, driver.driverVersion());
        } catch (RuntimeException | LinkageError e) {
            return unavailable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static CudaInfo unavailable(String reason) {
        return new CudaInfo(false, reason, "", 0, 0, 0);
    }

    /** One line: "NVIDIA H100 80GB HBM3, 79.2 GiB, compute capability 9.0, CUDA driver 13.0" or "unavailable: ...". */
    public String describe() {
        if (!available) return "unavailable: " + reason;
        return String.format("%s, %.1f GiB, compute capability %d.%d, CUDA driver %d.%d", name, totalMemory / (double) (1L << 30),
                computeCapability / 10, computeCapability % 10, driverVersion / 1000, driverVersion % 1000 / 10);
    }
}
