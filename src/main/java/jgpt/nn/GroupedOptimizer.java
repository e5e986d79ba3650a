package jgpt.nn;

import java.util.List;

/** What every optimizer here shares: parameter groups and one learning rate for all of them. */
abstract class GroupedOptimizer implements Optimizer {
    protected final List<ParamGroup> groups;
    protected float lr;

    GroupedOptimizer(List<ParamGroup> groups, float lr) {
        this.groups = List.copyOf(groups);
        this.lr = lr;
    }

    @Override
    public void zeroGrad() {
        groups.forEach(g -> g.parameters().forEach(p -> p.tensor().zeroGrad()));
    }

    @Override
    public float learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(float lr) {
        this.lr = lr;
    }
}
