package jgpt.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jgpt.tensor.Backend.AdamWHyper;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/** AdamW with PyTorch's semantics: decoupled weight decay, bias correction, per-group decay. */
public final class AdamW extends GroupedOptimizer {
    private final float beta1, beta2, eps;
    private final Map<Tensor, Moments> moments = new IdentityHashMap<>();
    private long steps;

    /** First and second moment estimates of one parameter. */
    public record Moments(Tensor m, Tensor v) {
    }

    public AdamW(List<ParamGroup> groups, float lr, float beta1, float beta2, float eps) {
        super(groups, lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public AdamW(List<ParamGroup> groups, float lr) {
        this(groups, lr, 0.9f, 0.999f, 1e-8f);
    }

    @Override
    public void step() {
        steps++;
        float bc1 = (float) (1 - Math.pow(beta1, steps)), bc2 = (float) (1 - Math.pow(beta2, steps));
        List<InPlace.AdamWState> states = new ArrayList<>();
        for (ParamGroup group : groups) {
            for (Parameter p : group.parameters()) {
                Tensor param = p.tensor();
                if (param.grad() == null) continue;
                Moments mv = moments(param);
                states.add(new InPlace.AdamWState(param, param.grad(), mv.m(), mv.v(), group.weightDecay()));
            }
        }
        InPlace.adamw(states, new AdamWHyper(lr, beta1, beta2, eps, bc1, bc2));   // one update of every parameter
    }

    /** The moment buffers of a parameter, created as zeros on first use. */
    public Moments moments(Tensor param) {
        return moments.computeIfAbsent(param, t -> new Moments(
                Tensor.zeros(t.device(), t.dtype(), t.shape()), Tensor.zeros(t.device(), t.dtype(), t.shape())));
    }

    /** Number of steps taken (the t of the bias correction). */
    public long steps() {
        return steps;
    }

    public void setSteps(long steps) {
        this.steps = steps;
    }
}
