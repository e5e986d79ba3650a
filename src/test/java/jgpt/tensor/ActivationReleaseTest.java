package jgpt.tensor;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * backwardAndFree hands the forward pass's intermediate buffers back as the pass goes, and the CPU backend refuses
 * any released buffer, so a buffer freed while a node still needed it fails the pass here. These graphs hold views
 * of intermediates (a split, a reshape, transposes), an op whose backward reads its own output (softmax) and one
 * that reads its input (GELU), a view of a leaf (a tied weight's transpose) and a tensor the caller keeps.
 */
class ActivationReleaseTest {

    @Test
    void gradientsEqualThoseOfAPlainBackwardPass() {
        Random rng = new Random(1);
        Tensor[] plain = leaves(rng), freeing = copies(plain);
        graph(plain).loss().backward();
        graph(freeing).loss().backwardAndFree();
        for (int i = 0; i < plain.length; i++) {
            assertThat(freeing[i].grad().toFloatArray()).as("gradient of leaf " + i).containsExactly(plain[i].grad().toFloatArray());
        }
    }

    @Test
    void intermediatesAreReleasedButLeavesTheLossAndKeptTensorsStay() {
        Tensor[] leaves = leaves(new Random(2));
        Graph g = graph(leaves);
        Tensor scaled = g.loss().scale(0.5f);
        scaled.backwardAndFree(g.loss());
        for (Tensor intermediate : List.of(g.hidden(), g.weights(), g.heads())) {
            assertThatThrownBy(intermediate::toFloatArray).as("an intermediate").hasMessageContaining("released");
        }
        assertThat(scaled.item()).isEqualTo(g.loss().item() * 0.5f);
        for (Tensor leaf : leaves) assertThat(leaf.toFloatArray()).as("a leaf").isNotEmpty();
        assertThat(g.tiedTranspose().toFloatArray()).as("a view of a leaf").isNotEmpty();
    }

    @Test
    void aPlainBackwardPassReleasesNoIntermediate() {
        Graph g = graph(leaves(new Random(3)));
        g.loss().backward();
        assertThat(g.hidden().toFloatArray()).isNotEmpty();
        assertThat(g.weights().toFloatArray()).isNotEmpty();
    }

    /** x (4, 6), w (6, 6), tied (5, 6): leaves. */
    private static Tensor[] leaves(Random rng) {
        return new Tensor[] {Tensor.randn(rng, 1f, 4, 6).requiresGrad(true), Tensor.randn(rng, 0.5f, 6, 6).requiresGrad(true),
                Tensor.randn(rng, 0.5f, 5, 6).requiresGrad(true)};
    }

    private static Tensor[] copies(Tensor[] leaves) {
        Tensor[] copies = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) copies[i] = Tensor.of(leaves[i].toFloatArray(), leaves[i].shape()).requiresGrad(true);
        return copies;
    }

    private record Graph(Tensor hidden, Tensor weights, Tensor heads, Tensor tiedTranspose, Tensor loss) {
    }

    // hidden = x w; split in two halves of 3 channels, softmax of one half's scores against the other, its transpose
    // times the second half, GELU; then a head
    // through the tied weight's transpose
    private static Graph graph(Tensor[] leaves) {
        Tensor hidden = leaves[0].matmul(leaves[1]);                                     // (4, 6)
        List<Tensor> halves = Functional.split(hidden, -1, 3, 3);                          // 2 x (4, 3) views
        Tensor weights = Functional.softmax(halves.get(0).matmul(halves.get(1).transpose(0, 1)));   // (4, 4)
        // softmax's backward reads weights after the transpose over its buffer has been passed
        Tensor heads = Functional.gelu(weights.transpose(0, 1).matmul(halves.get(1))).reshape(2, 6);   // (2, 6)
        Tensor tiedTranspose = leaves[2].transpose(0, 1);                                  // (6, 5), a view of a leaf
        Tensor loss = heads.matmul(tiedTranspose).sum();
        return new Graph(hidden, weights, heads, tiedTranspose, loss);
    }
}
