package jgpt.nn;

import java.util.List;

/** Parameters that share optimizer settings; here, their weight decay. */
public record ParamGroup(List<Parameter> parameters, float weightDecay) {
    public ParamGroup {
        parameters = List.copyOf(parameters);
    }

    /** Two groups: matrices and embeddings with weightDecay, biases and LayerNorm parameters with none. */
    public static List<ParamGroup> decayMatricesOnly(List<Parameter> parameters, float weightDecay) {
        return List.of(
                new ParamGroup(parameters.stream().filter(Parameter::isMatrix).toList(), weightDecay),
                new ParamGroup(parameters.stream().filter(p -> !p.isMatrix()).toList(), 0f));
    }

    /** One group with the same weight decay for every parameter (torch.optim.AdamW(model.parameters())). */
    public static List<ParamGroup> all(List<Parameter> parameters, float weightDecay) {
        return List.of(new ParamGroup(parameters, weightDecay));
    }
}
