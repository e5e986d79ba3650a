/**
 * Pretraining ({@code jgpt train}): {@link jgpt.train.Trainer} runs the book's training loop (cross-entropy
 * next-token loss, AdamW, warmup and cosine decay, gradient clipping and accumulation, evaluation on both
 * splits with a generated sample) and keeps a {@link jgpt.train.RunFolder}: config, JSONL metrics, a loss
 * plot and atomic {@link jgpt.train.Checkpoint}s that resume a run bit for bit on the CPU.
 */
package jgpt.train;
