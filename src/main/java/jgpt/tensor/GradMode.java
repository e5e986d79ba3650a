package jgpt.tensor;

/** Whether ops record the autograd tape on this thread; {@link Tensor#noGrad()} switches it off in a scope. */
final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {
    }

    static boolean enabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    static NoGradScope disable() {
        DISABLED_DEPTH.get()[0]++;
        return () -> DISABLED_DEPTH.get()[0]--;
    }

}
