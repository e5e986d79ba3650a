package jgpt.nn;

import java.util.List;
import java.util.Objects;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/** Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient by maxNorm / (norm + 1e-6) when the global L2 norm exceeds maxNorm.
     * Returns the norm before clipping.
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        List<Tensor> grads = parameters.stream().map(p -> p.tensor().grad()).filter(Objects::nonNull).toList();
        double norm = Math.sqrt(InPlace.sumOfSquares(grads));   // one read of the device, not one per parameter
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Parameter p : parameters) {
                Tensor g = p.tensor().grad();
                if (g != null) InPlace.scale(g, (float) coef);
            }
        }
        return norm;
    }
}
