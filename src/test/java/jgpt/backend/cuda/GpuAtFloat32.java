package jgpt.backend.cuda;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that switch the backend's precision: skips the class without a usable GPU, and puts the backend
 * back to float32 after each test. Use with {@code @ExtendWith(GpuAtFloat32.class)}.
 */
final class GpuAtFloat32 implements BeforeAllCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        DeviceParity.assumeGpu();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CudaBackend.get().setPrecision(Precision.FP32);
    }
}
