package jgpt.nn;

import java.util.List;
import jgpt.tensor.Tensor;

/** Layers applied in order; children are named 0, 1, 2, ... like PyTorch's. */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers;

    public Sequential(List<? extends Layer> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Module m) child(Integer.toString(i), m);
        }
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Layer layer : layers) x = layer.forward(x);
        return x;
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }
}
