package jgpt.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jgpt.nn.Parameter;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * A small GPT-2 written with Functional ops only (pre-LayerNorm blocks, causal attention, GELU MLP, tied
 * head, dropout), so GPU and CPU runs of whole training steps can be compared before the model package
 * lands. The same seed gives the same weights on every device.
 */
final class TinyGpt {
    record Config(int vocab, int context, int channels, int heads, int layers, float dropout) {
    }

    private final Config config;
    private final Device device;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Tensor positions;
    private long dropoutSeed = 1;

    TinyGpt(Config config, long seed, Device device) {
        this.config = config;
        this.device = device;
        Random rng = new Random(seed);
        int c = config.channels();
        add("wte", Tensor.randn(rng, 0.02f, config.vocab(), c));
        add("wpe", Tensor.randn(rng, 0.02f, config.context(), c));
        for (int l = 0; l < config.layers(); l++) {
            add(l + ".ln1.weight", Tensor.full(1f, c));
            add(l + ".ln1.bias", Tensor.zeros(c));
            add(l + ".qkv.weight", Tensor.randn(rng, 0.02f, 3 * c, c));
            add(l + ".qkv.bias", Tensor.zeros(3 * c));
            add(l + ".proj.weight", Tensor.randn(rng, 0.02f, c, c));
            add(l + ".proj.bias", Tensor.zeros(c));
            add(l + ".ln2.weight", Tensor.full(1f, c));
            add(l + ".ln2.bias", Tensor.zeros(c));
            add(l + ".fc.weight", Tensor.randn(rng, 0.02f, 4 * c, c));
            add(l + ".fc.bias", Tensor.randn(rng, 0.02f, 4 * c));
            add(l + ".out.weight", Tensor.randn(rng, 0.02f, c, 4 * c));
            add(l + ".out.bias", Tensor.zeros(c));
        }
        add("lnf.weight", Tensor.full(1f, c));
        add("lnf.bias", Tensor.zeros(c));
        int[] pos = new int[config.context()];
        for (int i = 0; i < pos.length; i++) pos[i] = i;
        positions = Tensor.ofInts(pos, pos.length).to(device);
    }

    private void add(String name, Tensor cpuValue) {
        parameters.add(new Parameter(name, cpuValue.to(device).requiresGrad(true)));
    }

    List<Parameter> parameters() {
        return parameters;
    }

    private Tensor p(String name) {
        return parameters.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().tensor();
    }

    /** Mean cross-entropy of next-token predictions: ids, targets int32 (B, T) on this model's device. */
    Tensor loss(Tensor ids, Tensor targets) {
        int b = ids.dim(0), t = ids.dim(1), c = config.channels(), h = config.heads();
        Tensor x = Functional.embedding(ids, p("wte")).add(Functional.embedding(positions.slice(0, 0, t), p("wpe")));  // (B, T, C)
        for (int l = 0; l < config.layers(); l++) {
            Tensor qkv = Functional.linear(Functional.layerNorm(x, p(l + ".ln1.weight"), p(l + ".ln1.bias"), 1e-5f),
                    p(l + ".qkv.weight"), p(l + ".qkv.bias"));                                                   // (B, T, 3C)
            List<Tensor> parts = Functional.split(qkv, 2, c, c, c);
            Tensor q = heads(parts.get(0), b, t, h), k = heads(parts.get(1), b, t, h), v = heads(parts.get(2), b, t, h);
            Tensor attended = Functional.causalAttention(q, k, v).transpose(1, 2).reshape(b, t, c);
            Tensor projected = Functional.linear(attended, p(l + ".proj.weight"), p(l + ".proj.bias"));
            x = x.add(Functional.dropout(projected, config.dropout(), dropoutSeed++));
            Tensor hidden = Functional.gelu(Functional.linear(Functional.layerNorm(x, p(l + ".ln2.weight"), p(l + ".ln2.bias"), 1e-5f),
                    p(l + ".fc.weight"), p(l + ".fc.bias")));                                                     // (B, T, 4C)
            x = x.add(Functional.linear(hidden, p(l + ".out.weight"), p(l + ".out.bias")));
        }
        Tensor logits = Functional.linear(Functional.layerNorm(x, p("lnf.weight"), p("lnf.bias"), 1e-5f), p("wte"), null);  // (B, T, V)
        return Functional.crossEntropy(logits.reshape(b * t, config.vocab()), targets.reshape(b * t));
    }

    // (B, T, C) -> (B, H, T, D)
    private static Tensor heads(Tensor x, int b, int t, int h) {
        return x.reshape(b, t, h, x.dim(2) / h).transpose(1, 2);
    }

    /** Random token ids (B, T + 1): inputs are the first T columns, targets the last T. */
    static Tensor[] batch(Random rng, int b, int t, int vocab, Device device) {
        int[] ids = new int[b * t], targets = new int[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(vocab);
            targets[i] = rng.nextInt(vocab);
        }
        return new Tensor[] {Tensor.ofInts(ids, b, t).to(device), Tensor.ofInts(targets, b, t).to(device)};
    }
}
