package jgpt.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/** Stochastic gradient descent with optional momentum and L2 weight decay, as torch.optim.SGD. */
public final class SGD extends GroupedOptimizer {
    private final float momentum;
    private final Map<Tensor, Tensor> velocity = new IdentityHashMap<>();

    public SGD(List<ParamGroup> groups, float lr, float momentum) {
        super(groups, lr);
        this.momentum = momentum;
    }

    @Override
    public void step() {
        for (ParamGroup group : groups) {
            for (Parameter p : group.parameters()) {
                Tensor param = p.tensor(), grad = param.grad();
                if (grad == null) continue;
                Tensor d = Tensor.zeros(param.device(), param.dtype(), param.shape());
                InPlace.axpy(1f, grad, d);
                if (group.weightDecay() != 0) InPlace.axpy(group.weightDecay(), param, d);
                if (momentum != 0) d = withMomentum(param, d);
                InPlace.axpy(-lr, d, param);
            }
        }
    }

    // buf = momentum * buf + d (the first step starts buf at d), then the update uses buf
    private Tensor withMomentum(Tensor param, Tensor d) {
        Tensor buf = velocity.get(param);
        if (buf == null) {
            velocity.put(param, d);
            return d;
        }
        InPlace.scale(buf, momentum);
        InPlace.axpy(1f, d, buf);
        return buf;
    }
}
