package jgpt.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jgpt.io.CorruptFileException;
import jgpt.io.SafeDType;
import jgpt.io.SafeTensorsFile;
import jgpt.io.SafeTensorsWriter;
import jgpt.io.TensorInfo;
import jgpt.model.GPTConfig;
import jgpt.model.GPTModel;
import jgpt.tensor.InPlace;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

/**
 * A model directory: {@code config.json} and {@code model.safetensors} in Hugging Face's GPT-2 layout
 * (see {@link Gpt2Layout}). Hugging Face's GPT-2 directories and jgpt's own checkpoints are both such
 * directories, so one loader reads both.
 */
public final class GPTCheckpoint {
    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";

    /** The causal-mask buffers older HF checkpoints store beside the weights; not parameters. */
    private static final Pattern MASK_BUFFER = Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");
    private static final int NAMES_SHOWN = 5;

    private GPTCheckpoint() {
    }

    /** How {@link #save} writes the directory. */
    public enum Format {
        /** jgpt's checkpoint: exactly the model's parameters, config.json with jgpt's qkv_bias key. */
        JGPT,
        /** What transformers' GPT2LMHeadModel.from_pretrained loads: zero q/k/v biases added when the model has none. */
        HF
    }

    /** The config a config.json describes (its tiedHead is tie_word_embeddings); see {@link #load} for the weights. */
    public static GPTConfig readConfig(Path configJson) {
        return HfConfigJson.read(configJson);
    }

    /**
     * Loads the model in dir. Every way the files can disagree with each other (missing or extra tensors,
     * shapes against config.json, unreadable types) fails before any weight is read, with a
     * {@link CorruptFileException} whose one sentence names the file.
     */
    public static GPTModel load(Path dir) {
        return load(dir, Device.CPU);
    }

    /** Loads the model in dir with its parameters on device (each tensor is read on the host, then uploaded). */
    public static GPTModel load(Path dir, Device device) {
        Path configFile = requireFile(dir, CONFIG_FILE), weightsFile = requireFile(dir, WEIGHTS_FILE);
        GPTConfig declared = HfConfigJson.read(configFile);
        try (SafeTensorsFile file = SafeTensorsFile.open(weightsFile)) {
            Map<String, String> stored = storedNames(file);
            boolean headStored = stored.containsKey(Gpt2Layout.HEAD);
            GPTConfig config = declared.withTiedHead(declared.tiedHead() && !headStored);
            List<Gpt2Layout.Entry> layout = Gpt2Layout.of(config);
            checkNames(layout, stored, weightsFile, configFile);
            for (Gpt2Layout.Entry e : layout) checkEntry(file.info(stored.get(e.hfName())), e, weightsFile, configFile);
            if (headStored && declared.tiedHead() && headEqualsEmbedding(file, stored)) {
                config = config.withTiedHead(true);
                layout = Gpt2Layout.of(config);
            }
            return fill(GPTModel.zeroInitialized(config, 0, device), layout, file, stored);
        }
    }

    private static GPTModel fill(GPTModel model, List<Gpt2Layout.Entry> layout, SafeTensorsFile file, Map<String, String> stored) {
        Map<String, Tensor> params = model.stateDict();
        for (Gpt2Layout.Entry e : layout) {
            float[] values = file.readFloats(stored.get(e.hfName()));
            if (e.conv1d()) values = Gpt2Layout.transpose(values, e.shape()[1], e.shape()[0]);
            InPlace.assign(params.get(e.jgptName()), Tensor.of(values, e.shape()));
        }
        return model;
    }

    private static Path requireFile(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory; a model is a directory holding " + CONFIG_FILE + " and " + WEIGHTS_FILE + ".");
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            String hint = name.equals(WEIGHTS_FILE) && Files.exists(dir.resolve("pytorch_model.bin"))
                    ? " (it has pytorch_model.bin, which jgpt does not read: save the model with safe_serialization)" : "";
            throw new IllegalArgumentException(dir + " has no " + name + hint + "; a model directory holds " + CONFIG_FILE + " and "
                    + WEIGHTS_FILE + ", as Hugging Face's GPT-2 directories and jgpt's checkpoints do.");
        }
        return file;
    }

    /** HF's full name (with the transformer. prefix that GPT2Model-saved files lack) -> the name in the file. */
    private static Map<String, String> storedNames(SafeTensorsFile file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : file.names()) {
            if (MASK_BUFFER.matcher(name).matches()) continue;
            String full = name.startsWith(Gpt2Layout.PREFIX) || name.equals(Gpt2Layout.HEAD) ? name : Gpt2Layout.PREFIX + name;
            String before = out.put(full, name);
            if (before != null) {
                throw new CorruptFileException(file.path() + " holds both '" + before + "' and '" + name + "', two copies of one weight.");
            }
        }
        return out;
    }

    private static void checkNames(List<Gpt2Layout.Entry> layout, Map<String, String> stored, Path weightsFile, Path configFile) {
        List<String> expected = layout.stream().map(Gpt2Layout.Entry::hfName).toList();
        List<String> missing = expected.stream().filter(n -> !stored.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new CorruptFileException(weightsFile + " lacks " + list(missing) + " that the GPT-2 model described by "
                    + configFile + " needs.");
        }
        List<String> extra = stored.keySet().stream().filter(n -> !expected.contains(n)).map(stored::get).toList();
        if (!extra.isEmpty()) {
            throw new CorruptFileException(weightsFile + " holds " + list(extra) + " that the GPT-2 model described by "
                    + configFile + " does not have.");
        }
    }

    private static void checkEntry(TensorInfo info, Gpt2Layout.Entry e, Path weightsFile, Path configFile) {
        if (!Arrays.equals(info.shape(), e.hfShape())) {
            throw new CorruptFileException("Tensor '" + info.name() + "' in " + weightsFile + " has shape " + Arrays.toString(info.shape())
                    + ", but the model described by " + configFile + " needs " + Arrays.toString(e.hfShape()) + ".");
        }
        if (!info.dtype().isReadableAsFloat()) {
            throw new CorruptFileException("Tensor '" + info.name() + "' in " + weightsFile + " is stored as " + info.dtype()
                    + ", but model weights must be F32, F16 or BF16.");
        }
    }

    private static boolean headEqualsEmbedding(SafeTensorsFile file, Map<String, String> stored) {
        return Arrays.equals(file.readFloats(stored.get(Gpt2Layout.HEAD)), file.readFloats(stored.get(Gpt2Layout.PREFIX + "wte.weight")));
    }

    private static String list(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        String more = names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "";
        return (names.size() == 1 ? "the tensor " : "the tensors ") + shown + more;
    }

    /**
     * Writes model to dir (created if needed) as config.json and model.safetensors, each atomically,
     * weights stored as dtype (F32 keeps them bit for bit; BF16 or F16 halve the size).
     */
    public static void save(GPTModel model, Path dir, Format format, SafeDType dtype) {
        GPTConfig config = model.config();
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");   // from_pretrained requires it
        Map<String, Tensor> params = model.stateDict();
        for (Gpt2Layout.Entry e : Gpt2Layout.of(config)) {
            float[] values = params.get(e.jgptName()).toFloatArray();
            if (e.conv1d()) values = Gpt2Layout.transpose(values, e.shape()[0], e.shape()[1]);
            writer.add(e.hfName(), dtype, e.hfShape(), values);
        }
        if (format == Format.HF && !config.qkvBias()) {
            for (int i = 0; i < config.nLayers(); i++) {
                writer.add(Gpt2Layout.qkvBiasName(i), dtype, new int[] {3 * config.embDim()}, new float[3 * config.embDim()]);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + dir + ": " + e.getMessage() + ".", e);
        }
        writer.write(dir.resolve(WEIGHTS_FILE));
        HfConfigJson.write(config, dir.resolve(CONFIG_FILE), format == Format.JGPT);
    }
}
