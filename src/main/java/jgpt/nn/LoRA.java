package jgpt.nn;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import jgpt.tensor.Tensor;

/**
 * Puts LoRA adapters on the Linear layers of a model (all of them, or those whose dotted name matches a
 * pattern), lists them, and merges them into the weights. A Linear whose weight another module shares
 * (a tied output head) gets none: merging would change the other module as well.
 */
public final class LoRA {
    private LoRA() {
    }

    /**
     * What to adapt and how.
     *
     * @param rank    the inner size of each adapter (the book uses 16)
     * @param alpha   the scale of the update (the book uses 16)
     * @param targets layers whose full dotted name (like blocks.0.attn.qkv) matches get an adapter
     */
    public record Config(int rank, float alpha, Pattern targets) {
        public static final Pattern EVERY_LINEAR = Pattern.compile(".*");

        public Config {
            if (rank <= 0) throw new IllegalArgumentException("the LoRA rank must be 1 or more, got " + rank);
        }
    }

    /** Attaches a fresh adapter to every matching Linear of root, seeded; returns the adapted layers by name. */
    public static Map<String, Linear> apply(Module root, Config config, long seed) {
        Random rng = new Random(seed);
        Set<Tensor> shared = sharedTensors(root);
        Map<String, Linear> adapted = new LinkedHashMap<>();
        root.namedModules().forEach((name, module) -> {
            if (module instanceof Linear linear && linear.adapter() == null && config.targets().matcher(name).matches()
                    && !shared.contains(linear.weight())) {
                var adapter = new LowRankAdapter(linear.weight().dim(1), linear.weight().dim(0), config.rank(), config.alpha(), rng);
                linear.attach(adapter.to(linear.weight().device()));   // drawn on the host: the same numbers on every device
                adapted.put(name, linear);
            }
        });
        if (adapted.isEmpty()) {
            throw new IllegalArgumentException("no Linear layer of the model matches the LoRA target pattern '" + config.targets() + "'");
        }
        return adapted;
    }

    /** The tensors registered under more than one name in the tree (tied weights). */
    private static Set<Tensor> sharedTensors(Module root) {
        Map<Tensor, Integer> uses = new IdentityHashMap<>();
        for (Module m : root.namedModules().values()) {
            if (m instanceof Linear l) uses.merge(l.weight(), 1, Integer::sum);
            if (m instanceof Embedding e) uses.merge(e.weight(), 1, Integer::sum);
        }
        Set<Tensor> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        uses.forEach((t, n) -> {
            if (n > 1) shared.add(t);
        });
        return shared;
    }

    /** The adapters in root, by the name of the Linear layer that carries each. */
    public static Map<String, LowRankAdapter> adapters(Module root) {
        Map<String, LowRankAdapter> out = new LinkedHashMap<>();
        root.namedModules().forEach((name, module) -> {
            if (module instanceof Linear linear && linear.adapter() != null) out.put(name, linear.adapter());
        });
        return out;
    }

    /** The parameters of every adapter in root, named as in root.parameters(). */
    public static List<Parameter> adapterParameters(Module root) {
        Set<Tensor> tensors = Collections.newSetFromMap(new IdentityHashMap<>());
        adapters(root).values().forEach(a -> tensors.addAll(List.of(a.a(), a.b())));
        return root.parameters().stream().filter(p -> tensors.contains(p.tensor())).toList();
    }

    /** Folds every adapter of root into its layer's weight and removes it. */
    public static void merge(Module root) {
        root.namedModules().values().forEach(m -> {
            if (m instanceof Linear linear) linear.mergeAdapter();
        });
    }
}
