package jgpt.finetune.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import jgpt.io.CorruptFileException;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsFile;
import jgpt.io.SafeTensorsWriter;
import jgpt.model.GPTModel;
import jgpt.nn.Linear;
import jgpt.nn.LoRA;
import jgpt.nn.LowRankAdapter;
import jgpt.nn.Module;
import jgpt.tensor.Tensor;

/**
 * LoRA adapters saved apart from the base weights: a safetensors file of each adapted layer's
 * {@code <layer>.lora.A} (in, rank) and {@code <layer>.lora.B} (rank, out), whose metadata names the base
 * model (its config and {@link ModelFingerprint}), the rank and alpha. Loading checks the fingerprint, so
 * an adapter is never applied to a model it was not trained on.
 */
public final class LoRAAdapterFile {
    static final String FORMAT = "jgpt-lora";
    private static final Pattern ADAPTER_TENSOR = Pattern.compile("(.+)\\.lora\\.([AB])");

    private LoRAAdapterFile() {
    }

    /** Writes the adapters of base (fingerprinted as baseFingerprint) to file, atomically. */
    public static void save(GPTModel base, String baseFingerprint, Path file) {
        Map<String, LowRankAdapter> adapters = LoRA.adapters(base);
        if (adapters.isEmpty()) throw new IllegalArgumentException("the model has no LoRA adapters to save");
        LowRankAdapter first = adapters.values().iterator().next();
        SafeTensorsWriter writer = new SafeTensorsWriter()
                .metadata("format", FORMAT)
                .metadata("base_fingerprint", baseFingerprint)
                .metadata("base_config", base.config().toString())
                .metadata("rank", Integer.toString(first.rank()))
                .metadata("alpha", Float.toString(first.alpha()));
        adapters.forEach((layer, a) -> {
            writer.add(layer + ".lora.A", SafeDType.F32, a.a().shape(), a.a().toFloatArray());
            writer.add(layer + ".lora.B", SafeDType.F32, a.b().shape(), a.b().toFloatArray());
        });
        writer.write(file);
    }

    /**
     * Attaches the adapters in file to base, described as baseName in messages. An adapter trained on another
     * base model, or a file that is not an adapter file, is refused in one sentence.
     */
    public static void load(Path file, GPTModel base, String baseName) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("The LoRA adapter file " + file + " does not exist.");
        try (SafeTensorsFile adapters = SafeTensorsFile.open(file)) {
            Map<String, String> meta = adapters.metadata();
            if (!FORMAT.equals(meta.get("format")) || !meta.containsKey("base_fingerprint") || !meta.containsKey("alpha")) {
                throw new CorruptFileException(file + " is not a jgpt LoRA adapter file (its metadata lacks format " + FORMAT + ").");
            }
            String expected = meta.get("base_fingerprint"), actual = ModelFingerprint.of(base);
            if (!expected.equals(actual)) {
                throw new IllegalArgumentException("The LoRA adapters in " + file + " were trained on another base model (fingerprint "
                        + expected.substring(0, 12) + ", config " + meta.get("base_config") + ") than " + baseName + " (fingerprint "
                        + actual.substring(0, 12) + ").");
            }
            attach(adapters, base, Float.parseFloat(meta.get("alpha")));
        }
    }

    private static void attach(SafeTensorsFile file, Module base, float alpha) {
        Map<String, Module> modules = base.namedModules();
        for (String name : file.names()) {
            var m = ADAPTER_TENSOR.matcher(name);
            if (!m.matches()) throw new CorruptFileException(file.path() + " holds '" + name + "', which is not a LoRA tensor.");
            if (m.group(2).equals("B")) continue;
            String layer = m.group(1);
            if (!(modules.get(layer) instanceof Linear linear) || !file.contains(layer + ".lora.B")) {
                throw new CorruptFileException(file.path() + " holds an adapter for '" + layer + "', which is not a Linear layer of the model"
                        + " or lacks its B matrix.");
            }
            linear.attach(new LowRankAdapter(read(file, layer + ".lora.A"), read(file, layer + ".lora.B"), alpha));
        }
    }

    private static Tensor read(SafeTensorsFile file, String name) {
        return Tensor.of(file.readFloats(name), file.info(name).shape());
    }
}
