package jgpt.finetune.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jgpt.model.GPTModel;
import jgpt.nn.LoRA;
import jgpt.nn.Parameter;
import jgpt.tensor.Tensor;

/** Which parameters of a {@link SequenceClassifier} fine-tuning updates; the head always trains. */
public enum Trainable {
    /** Only the new head: the backbone is a fixed feature extractor. */
    HEAD("head"),
    /** The book's choice: the last transformer block, the final LayerNorm and the head. */
    LAST_BLOCK("last-block"),
    /** Every parameter of the backbone and the head. */
    ALL("all"),
    /** LoRA adapters on the backbone's Linear layers (which stay frozen) and the head. */
    LORA("lora");

    private final String cliName;

    Trainable(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in classifier.json: head, last-block, all or lora. */
    public String cliName() {
        return cliName;
    }

    public static Trainable fromName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.cliName.equals(wanted) || t.name().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--trainable must be head, last-block, all or lora, not '" + name + "'."));
    }

    /** Whether this choice changes the backbone's own weights (so a fine-tuned copy of them must be saved). */
    public boolean changesBackbone() {
        return this == LAST_BLOCK || this == ALL;
    }

    /**
     * Freezes and unfreezes classifier's parameters for this choice (attaching LoRA adapters, seeded, when
     * it is LORA) and returns the parameters that train.
     */
    public List<Parameter> prepare(SequenceClassifier classifier, LoRA.Config lora, long seed) {
        GPTModel backbone = classifier.backbone();
        backbone.freeze();
        classifier.head().unfreeze();
        switch (this) {
            case HEAD -> { }
            case LAST_BLOCK -> {
                String lastBlock = "blocks." + (backbone.config().nLayers() - 1) + ".";
                backbone.parameters().stream().filter(p -> p.name().startsWith(lastBlock) || p.name().startsWith("final_norm."))
                        .forEach(p -> p.tensor().requiresGrad(true));
            }
            case ALL -> {
                backbone.unfreeze();
                Tensor vocabularyHead = backbone.stateDict().get("out_head.weight");   // separate, and unused by the classifier
                if (vocabularyHead != null) vocabularyHead.requiresGrad(false);
            }
            case LORA -> LoRA.apply(backbone, lora, seed);
        }
        return classifier.parameters().stream().filter(p -> p.tensor().requiresGrad()).toList();
    }
}
