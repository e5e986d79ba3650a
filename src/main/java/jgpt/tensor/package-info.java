/**
 * Tensors, reverse-mode autograd and the op set. No model knowledge lives here.
 *
 * <p>Shape letters used in comments across jgpt: B batch, T time (sequence position), C channels
 * (embedding width), H heads, D head size (C / H), V vocabulary, N any number of rows.
 *
 * <p>{@link jgpt.tensor.Tensor} holds a shape, strides and an offset into a {@link jgpt.tensor.Storage}
 * that lives on a {@link jgpt.tensor.Device}. Every op runs through the storage's
 * {@link jgpt.tensor.Backend}, so model code never names one. Ops that need gradients record a node on the
 * autograd tape; {@link jgpt.tensor.Tensor#backward()} walks it in reverse.
 */
package jgpt.tensor;
