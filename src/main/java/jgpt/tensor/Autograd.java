package jgpt.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reverse-mode tape: ops record a {@link Node} on their output, backward() replays them in reverse. */
final class Autograd {
    private Autograd() {
    }

    /** Attaches a node to out when gradients are on and any input needs them; returns out. */
    static Tensor record(Tensor out, String op, Node.Backward backward, Tensor... inputs) {
        if (!GradMode.enabled()) return out;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                out.setGradFn(new Node(op, inputs, backward));
                break;
            }
        }
        return out;
    }

    /**
     * Fills the gradients of every tensor loss depends on. With keep not null, also hands each intermediate buffer of
     * the forward pass back to its backend once the pass no longer needs it, except loss's and keep's (see
     * {@link Tensor#backwardAndFree}).
     */
    static void backward(Tensor loss, Tensor[] keep) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward: called on a tensor of shape " + Shapes.str(loss.shape())
                    + "; backward needs a scalar loss");
        }
        if (!loss.requiresGrad()) {
            throw new IllegalArgumentException("backward: the loss does not depend on any tensor that requires gradients");
        }
        Gradients grads = new Gradients();
        grads.add(loss, Tensor.full(loss.device(), 1f, loss.shape()));   // filled on the device: no upload, no wait
        try (var ignored = GradMode.disable()) {
            List<Tensor> order = reverseTopologicalOrder(loss);
            Activations activations = keep == null ? null : new Activations(order, loss, keep);
            for (int at = 0; at < order.size(); at++) {
                Tensor t = order.set(at, null);
                pass(t, grads);
                if (activations != null) activations.passed(t, grads);
            }
        }
    }

    // runs t's node on t's gradient, handing the gradients of its inputs on, or accumulates a leaf's gradient
    private static void pass(Tensor t, Gradients grads) {
        Tensor g = grads.take(t);
        Node node = t.gradFn();
        if (node == null) {
            if (g != null) grads.spend(g, accumulateLeaf(t, g, grads));
            return;
        }
        // The graph is used once, as in PyTorch: dropping each node once it has run frees the
        // activations it saved while the rest of the backward pass still runs.
        t.setGradFn(released(node.op()));
        if (g == null) return;
        Tensor[] inputGrads = node.backward().apply(g);
        for (int i = 0; i < node.inputs().length; i++) {
            Tensor in = node.inputs()[i];
            if (in == null || !in.requiresGrad() || inputGrads[i] == null) continue;
            checkGradient(node.op(), in, inputGrads[i]);
            grads.add(in, inputGrads[i]);
        }
        grads.spend(g, false);
    }

    private static Node released(String op) {
        return new Node(op, new Tensor[0], g -> {
            throw new IllegalStateException("backward: the graph through " + op + " was already used by a backward pass; "
                    + "run the forward pass again");
        });
    }

    /**
     * A leaf's first gradient takes over g's buffer when g fills a whole buffer that no other leaf took in
     * this pass (every gradient is fresh or a view of an upstream gradient, which nothing else keeps after
     * the pass, so the leaf owns it); otherwise, as every later gradient, it is copied or added in. Returns
     * whether the leaf took g's buffer.
     */
    private static boolean accumulateLeaf(Tensor leaf, Tensor g, Gradients grads) {
        if (leaf.grad() == null) {
            boolean adopt = g.isDense() && grads.adopt(g.storage());
            leaf.setGrad(adopt ? g.detach() : Views.copy(g));
            return adopt;
        }
        Tensor acc = leaf.grad();
        Tensor dense = Views.dense(g);
        acc.backend().axpy(1f, dense.storage(), 0, acc.storage(), 0, acc.size());
        return false;
    }

    // a float32 tensor's gradient is float32 (a bf16 tensor's may be either)
    private static void checkGradient(String op, Tensor input, Tensor grad) {
        if (!java.util.Arrays.equals(input.shape(), grad.shape())) {
            throw new IllegalStateException(op + " backward produced a gradient of shape " + Shapes.str(grad.shape())
                    + " for an input of shape " + Shapes.str(input.shape()));
        }
        if (input.dtype() == DType.FLOAT32 && grad.dtype() != DType.FLOAT32) {
            throw new IllegalStateException(op + " backward produced a " + grad.dtype().name().toLowerCase()
                    + " gradient for a float32 input");
        }
    }

    /** Every tensor reachable from root, each after all tensors that consume it (iterative DFS). */
    private static List<Tensor> reverseTopologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (int) frame[1];
            Tensor[] inputs = t.gradFn() == null ? new Tensor[0] : t.gradFn().inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.add(in)) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    /**
     * The gradients waiting to be used in a backward pass, one per tensor (several arriving for one tensor are added
     * up), and the buffers they live in. A gradient's buffer is released ({@link Backend#release}) once it is spent and
     * no waiting gradient (a view of it) and no leaf (which took it over) holds it: nothing can reach a spent gradient,
     * so the device gets its memory back without waiting for the collector.
     */
    private static final class Gradients {
        private final Map<Tensor, Tensor> waiting = new IdentityHashMap<>();
        private final Map<Storage, Integer> holders = new IdentityHashMap<>();
        private final Set<Storage> adopted = Collections.newSetFromMap(new IdentityHashMap<>());

        void add(Tensor t, Tensor g) {
            Tensor earlier = waiting.get(t);
            if (earlier == null) {
                waiting.put(t, g);
                hold(g.storage());
                return;
            }
            Tensor sum = earlier.add(g);
            waiting.put(t, sum);
            hold(sum.storage());
            unhold(earlier.storage());
            spend(earlier, false);
            spend(g, false);
        }

        /** t's gradient, no longer waiting (null when nothing reached t). */
        Tensor take(Tensor t) {
            Tensor g = waiting.remove(t);
            if (g != null) unhold(g.storage());
            return g;
        }

        /** Whether a leaf may take over s: no other leaf took it in this pass. */
        boolean adopt(Storage s) {
            return adopted.add(s);
        }

        /** g is used up; its buffer goes back unless a waiting gradient or a leaf (when taken) still holds it. */
        void spend(Tensor g, boolean taken) {
            if (!taken) release(g.storage(), g.backend());
        }

        /**
         * Hands s back to backend unless a waiting gradient or a leaf holds it. The same buffer may be spent through
         * several views, and releasing is idempotent; no set of released buffers is kept, as one would hold every
         * released buffer's memory (on the CPU, its array) until the pass ends.
         */
        void release(Storage s, Backend backend) {
            if (adopted.contains(s) || holders.containsKey(s)) return;
            backend.release(s);
        }

        private void hold(Storage s) {
            holders.merge(s, 1, Integer::sum);
        }

        private void unhold(Storage s) {
            holders.computeIfPresent(s, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /**
     * The forward pass's buffers in a graph, for a backward pass that frees them: an intermediate tensor's buffer goes
     * back once every graph tensor over it (its views included) has been passed. Each of those is passed after all
     * the tensors computed from it, so by then every node that saved the buffer has run. The buffers of leaves
     * (parameters, inputs, and the views of them that share their buffers), of the root and of kept tensors stay.
     */
    private static final class Activations {
        private final Map<Storage, Integer> unpassed = new IdentityHashMap<>();

        Activations(List<Tensor> order, Tensor root, Tensor[] keep) {
            Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.add(root.storage());
            for (Tensor k : keep) kept.add(k.storage());
            for (Tensor t : order) if (t.gradFn() == null) kept.add(t.storage());
            for (Tensor t : order) {
                if (!kept.contains(t.storage())) unpassed.merge(t.storage(), 1, Integer::sum);
            }
        }

        /** t has been passed: its buffer goes back when no other graph tensor over it is left to pass. */
        void passed(Tensor t, Gradients grads) {
            Storage s = t.storage();
            Integer left = unpassed.get(s);
            if (left == null) return;
            if (left > 1) {
                unpassed.put(s, left - 1);
                return;
            }
            unpassed.remove(s);
            grads.release(s, t.backend());
        }
    }
}
