/**
 * Instruction fine-tuning (the book's chapter 7): instruction records and their files
 * ({@link jgpt.finetune.instruct.InstructionFiles}), the seeded 85/10/5 split, prompt templates (Alpaca,
 * Phi-3), collation into padded batches ({@link jgpt.finetune.instruct.InstructionCollator}), the training
 * loop ({@link jgpt.finetune.instruct.InstructionTuner}, {@link jgpt.finetune.instruct.InstructionFineTuning}),
 * responses to records ({@link jgpt.finetune.instruct.Responder}) and the built-in data set made from WordNet
 * ({@link jgpt.finetune.instruct.BuiltinInstructions}). See docs/INSTRUCT.md.
 */
package jgpt.finetune.instruct;
