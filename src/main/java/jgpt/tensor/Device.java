package jgpt.tensor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** Where a tensor's data lives. Each device has one backend, found by class name so this layer names none. */
public enum Device {
    CPU("jgpt.backend.cpu.CpuBackend"),
    CUDA("jgpt.backend.cuda.CudaBackend");

    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();
    private final String backendClass;

    Device(String backendClass) {
        this.backendClass = backendClass;
    }

    /** The backend that runs ops on this device; fails with one sentence when it is unavailable. */
    public Backend backend() {
        return BACKENDS.computeIfAbsent(this, Device::load);
    }

    private static Backend load(Device device) {
        try {
            return (Backend) Class.forName(device.backendClass).getMethod("get").invoke(null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the " + device.name().toLowerCase() + " backend is not part of this build");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(device.name().toLowerCase() + " is unavailable: " + cause.getMessage(), cause);
        }
    }
}
