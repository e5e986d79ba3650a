/**
 * Labelled text for classification: examples read from CSV, TSV, JSON lines, the SMS Spam Collection
 * format and the SpamAssassin mail corpus; class balancing; seeded train/validation/test splits.
 */
package jgpt.data.labelled;
