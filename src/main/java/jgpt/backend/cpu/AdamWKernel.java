package jgpt.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jgpt.tensor.Backend.AdamWHyper;

/** One fused AdamW update over a parameter buffer, in PyTorch's order of operations. */
final class AdamWKernel {
    private static final int GRAIN = 1 << 14;
    private final ThreadPool pool;

    AdamWKernel(ThreadPool pool) {
        this.pool = pool;
    }

    // param, grad, m, v (n) updated in place
    void step(float[] p, float[] g, float[] m, float[] v, int n, float weightDecay, AdamWHyper h) {
        float decay = 1f - h.lr() * weightDecay;
        float stepSize = h.lr() / h.biasCorrection1();
        float bc2Sqrt = (float) Math.sqrt(h.biasCorrection2());
        float oneMinusB1 = 1f - h.beta1(), oneMinusB2 = 1f - h.beta2();
        var s = VectorMath.S;
        pool.parallelFor(n, GRAIN, (i0, i1) -> {
            int i = i0;
            for (; i < i0 + s.loopBound(i1 - i0); i += s.length()) {
                FloatVector gv = FloatVector.fromArray(s, g, i);
                FloatVector mv = FloatVector.fromArray(s, m, i);
                mv = gv.sub(mv).mul(oneMinusB1).add(mv);
                FloatVector vv = FloatVector.fromArray(s, v, i).mul(h.beta2()).add(gv.mul(gv).mul(oneMinusB2));
                FloatVector denom = vv.sqrt().div(bc2Sqrt).add(h.eps());
                FloatVector pv = FloatVector.fromArray(s, p, i).mul(decay);
                pv.sub(mv.div(denom).mul(stepSize)).intoArray(p, i);
                mv.intoArray(m, i);
                vv.intoArray(v, i);
            }
            for (; i < i1; i++) {
                m[i] += oneMinusB1 * (g[i] - m[i]);
                v[i] = v[i] * h.beta2() + oneMinusB2 * g[i] * g[i];
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + h.eps();
                p[i] = p[i] * decay - stepSize * (m[i] / denom);
            }
        });
    }
}
