/**
 * A reader of the WordNet lexical database's files ({@link jgpt.data.wordnet.WordNet}): synsets with their
 * words, pointers (antonyms, hypernyms, ...), definitions and examples, and the exception lists of irregular
 * forms. The jar carries WordNet 3.1.
 */
package jgpt.data.wordnet;
