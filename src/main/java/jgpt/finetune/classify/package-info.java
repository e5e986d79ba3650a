/**
 * Fine-tuning a GPT model to classify text (the book's chapter 6, and LoRA from appendix E): a
 * classification head on the last real token, choice of what trains, the training loop with accuracy,
 * evaluation metrics, and saving and loading classifiers and LoRA adapters.
 */
package jgpt.finetune.classify;
