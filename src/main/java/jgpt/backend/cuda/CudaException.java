package jgpt.backend.cuda;

/** A CUDA library is missing, or a call into the driver, cuBLAS or NVRTC failed; the message names the call. */
public final class CudaException extends RuntimeException {
    CudaException(String message) {
        super(message);
    }
}
