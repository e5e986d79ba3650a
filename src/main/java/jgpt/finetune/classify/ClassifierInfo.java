package jgpt.finetune.classify;

import java.util.List;

/**
 * classifier.json: what a fine-tuned classifier directory holds and needs.
 *
 * @param labels          class names; class k is labels[k]
 * @param maxLength       texts are cut to this many tokens
 * @param padTokenId      the id batches are padded with
 * @param trainable       what was fine-tuned: head, last-block, all or lora
 * @param baseModel       the model directory fine-tuning started from (absolute)
 * @param baseFingerprint {@link ModelFingerprint} of that model
 * @param ownBackbone     whether the directory holds its own fine-tuned backbone (config.json and
 *                        model.safetensors); otherwise it is the base model, unchanged
 * @param tokenizer       the tokenizer directory used, or null for GPT-2's
 * @param loraRank        the LoRA rank, 0 without LoRA
 * @param loraAlpha       the LoRA alpha
 */
public record ClassifierInfo(String format, List<String> labels, int maxLength, int padTokenId, String trainable, String baseModel,
                             String baseFingerprint, boolean ownBackbone, String tokenizer, int loraRank, float loraAlpha) {
    public static final String FORMAT = "jgpt-classifier";

    public ClassifierInfo {
        labels = List.copyOf(labels);
    }
}
