/**
 * Token data for training: {@link jgpt.data.TokenSequence} (ids in memory or memory-mapped from shard
 * files), {@link jgpt.data.SlidingWindowDataset} (input/target windows), {@link jgpt.data.BatchLoader}
 * (seeded shuffling, resumable position), {@link jgpt.data.TrainValidationSplit}, and the token shard
 * format ({@link jgpt.data.TokenShardWriter}, {@link jgpt.data.TokenShards}) with
 * {@link jgpt.data.CorpusPreparer}, which tokenizes text files into shards in parallel.
 */
package jgpt.data;
