/**
 * Modules with named parameters (Linear, Embedding, LayerNorm, Dropout, GELU, Sequential) and optimizers
 * (AdamW, SGD) with PyTorch's semantics, plus global-norm gradient clipping.
 */
package jgpt.nn;
