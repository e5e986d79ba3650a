package jgpt.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jgpt.tensor.Device;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/** A node of the model tree: named parameters, named children, train/eval mode, state dicts. */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable tensor under name and returns it (marked requiresGrad). */
    protected Tensor parameter(String name, Tensor value) {
        parameters.put(name, value.requiresGrad(true));
        return value;
    }

    /** Registers a child module under name and returns it. */
    protected <M extends Module> M child(String name, M module) {
        children.put(name, module);
        return module;
    }

    /** Unregisters the child called name, so its parameters leave this tree (a merged LoRA adapter, say). */
    protected void removeChild(String name) {
        children.remove(name);
    }

    /**
     * Every parameter of this tree, in registration order, with dotted names. A tensor registered twice
     * (tied weights) appears once, under its first name, as in PyTorch.
     */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, List<Parameter> out, Set<Tensor> seen) {
        parameters.forEach((name, t) -> {
            if (seen.add(t)) out.add(new Parameter(prefix + name, t));
        });
        children.forEach((name, m) -> m.collect(prefix + name + ".", out, seen));
    }

    /** Every module of this tree under its dotted name ("" for this one), parents before their children. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String name, Map<String, Module> out) {
        out.put(name, this);
        children.forEach((child, m) -> m.collectModules(name.isEmpty() ? child : name + "." + child, out));
    }

    /** Where this tree's parameters live (those of its first parameter; a model is placed on one device). */
    public Device device() {
        List<Parameter> all = parameters();
        return all.isEmpty() ? Device.CPU : all.getFirst().tensor().device();
    }

    /** Number of parameter elements (tied weights counted once). */
    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.tensor().size()).sum();
    }

    public void train() {
        setTraining(true);
    }

    public void eval() {
        setTraining(false);
    }

    private void setTraining(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.setTraining(mode));
    }

    public boolean isTraining() {
        return training;
    }

    /** Stops gradients for every parameter of this tree. */
    public void freeze() {
        parameters().forEach(p -> p.tensor().requiresGrad(false));
    }

    public void unfreeze() {
        parameters().forEach(p -> p.tensor().requiresGrad(true));
    }

    public void zeroGrad() {
        parameters().forEach(p -> p.tensor().zeroGrad());
    }

    /** Name -> tensor for every parameter (the tensors themselves, not copies). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters().forEach(p -> out.put(p.name(), p.tensor()));
        return out;
    }

    /** Copies values from state into this tree's parameters; names and shapes must match exactly. */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        var missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        var unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("state dict does not match the model: missing " + missing + ", unexpected " + unexpected);
        }
        own.forEach((name, t) -> {
            Tensor src = state.get(name);
            if (!Arrays.equals(t.shape(), src.shape())) {
                throw new IllegalArgumentException("state dict entry " + name + " has shape " + Arrays.toString(src.shape())
                        + " but the model expects " + Arrays.toString(t.shape()));
            }
            InPlace.assign(t, src);
        });
    }
}
