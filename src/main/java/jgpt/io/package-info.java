/**
 * Files: the safetensors format ({@link jgpt.io.SafeTensorsFile} reads by memory-mapping,
 * {@link jgpt.io.SafeTensorsWriter} writes), float16/bfloat16 conversions, and
 * {@link jgpt.io.AtomicFiles}, which every write that matters goes through.
 *
 * <p>Problems a user can cause (a damaged or foreign file, a missing file) surface as one clear
 * sentence naming the file: {@link jgpt.io.CorruptFileException} for bad contents, an
 * {@link java.io.UncheckedIOException} for I/O failures.
 */
package jgpt.io;
