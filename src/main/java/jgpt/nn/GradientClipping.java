package jgpt.nn;

import java.util.List;
import java.util.Objects;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/**
 * Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_: the norm is computed and applied on the
 * parameters' device, so clipping queues work without waiting for the backward pass to finish.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by maxNorm / (norm + 1e-6) when the global L2 norm of all of them exceeds maxNorm; with
     * maxNorm +inf only the norm is computed. Returns the norm before clipping, a float32 scalar on the parameters'
     * device: reading it ({@link Tensor#item()}) waits for the device, so read it after the optimizer step is queued.
     * Parameters without a gradient are left out; with none at all the norm is 0.
     */
    public static Tensor clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGlobalNorm: maxNorm must be positive, got " + maxNorm);
        List<Tensor> grads = parameters.stream().map(p -> p.tensor().grad()).filter(Objects::nonNull).toList();
        if (grads.isEmpty()) {
            Device device = parameters.isEmpty() ? Device.CPU : parameters.getFirst().tensor().device();
            return Tensor.zeros(device, DType.FLOAT32);
        }
        Tensor norm = InPlace.globalNorm(grads);
        if (maxNorm != Double.POSITIVE_INFINITY) InPlace.clipByGlobalNorm(grads, norm, maxNorm);
        return norm;
    }
}
