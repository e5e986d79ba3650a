/**
 * The pretraining corpus of docs/TRAINING.md: {@link jgpt.data.pretrain.PretrainCorpus} cleans the sources
 * that scripts/data/build-pretrain-corpus.sh fetched, one {@link jgpt.data.pretrain.PretrainSource} per
 * format (GCIDE dictd, KJV {@code bible} output, fortune files, tagged Brown text, nlp-corpus JSON,
 * Europarl lines, SpamAssassin JSON lines, WordNet glosses), and writes each source in slices.
 */
package jgpt.data.pretrain;
