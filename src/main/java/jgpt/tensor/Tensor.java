package jgpt.tensor;

import java.util.Arrays;
import java.util.Random;

/**
 * An n-dimensional array on a device, with reverse-mode autograd. Pure ops return new tensors; views
 * (reshape of contiguous data, transpose, slice) share storage with their source.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A dense tensor over a whole storage. */
    static Tensor dense(Storage storage, int... shape) {
        return new Tensor(storage, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    // ---- creation ---------------------------------------------------------------------------------

    public static Tensor zeros(int... shape) {
        return zeros(Device.CPU, DType.FLOAT32, shape);
    }

    public static Tensor zeros(Device device, DType dtype, int... shape) {
        Shapes.checkValid(shape);
        return dense(device.backend().allocate(dtype, Shapes.numel(shape)), shape);
    }

    /** A dense tensor with unspecified values, for an op whose kernel is about to overwrite all of them. */
    static Tensor empty(Device device, DType dtype, int... shape) {
        Shapes.checkValid(shape);
        return dense(device.backend().allocateUninitialized(dtype, Shapes.numel(shape)), shape);
    }

    public static Tensor full(float value, int... shape) {
        return full(Device.CPU, value, shape);
    }

    /** A float32 tensor of value on device, filled there (nothing is copied from the host). */
    public static Tensor full(Device device, float value, int... shape) {
        Tensor t = empty(device, DType.FLOAT32, shape);
        t.backend().fill(t.storage, 0, t.size(), value);
        return t;
    }

    /** A float32 CPU tensor holding a copy of data. */
    public static Tensor of(float[] data, int... shape) {
        checkLength("of", data.length, shape);
        return dense(Device.CPU.backend().upload(data), shape);
    }

    /** An int32 CPU tensor (token ids, targets) holding a copy of data. */
    public static Tensor ofInts(int[] data, int... shape) {
        checkLength("ofInts", data.length, shape);
        return dense(Device.CPU.backend().upload(data), shape);
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Normal(0, std^2) samples drawn from rng in row-major order. */
    public static Tensor randn(Random rng, float std, int... shape) {
        float[] data = new float[Shapes.numel(shape)];
        for (int i = 0; i < data.length; i++) data[i] = (float) (rng.nextGaussian() * std);
        return of(data, shape);
    }

    /** Uniform samples in [low, high) drawn from rng in row-major order. */
    public static Tensor uniform(Random rng, float low, float high, int... shape) {
        float[] data = new float[Shapes.numel(shape)];
        for (int i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.nextFloat();
        return of(data, shape);
    }

    private static void checkLength(String op, int length, int[] shape) {
        Shapes.checkValid(shape);
        if (length != Shapes.numel(shape)) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shapes.str(shape));
        }
    }

    // ---- properties -------------------------------------------------------------------------------

    public int[] shape() {
        return shape.clone();
    }

    /** The size of one axis; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.backend().device();
    }

    Backend backend() {
        return storage.backend();
    }

    Storage storage() {
        return storage;
    }

    /**
     * The storage of a dense tensor (contiguous, from element 0, covering the whole storage), for a backend's fused
     * programs that address parameters and buffers directly; fails for a view.
     */
    public Storage denseStorage() {
        if (!isDense()) throw new IllegalArgumentException("expected a dense tensor, got a view: " + this);
        return storage;
    }

    int offset() {
        return offset;
    }

    int[] strides() {
        return strides;
    }

    public boolean isContiguous() {
        if (size() <= 1) return true;
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;                    // a size-1 axis is never stepped along: any stride will do
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Contiguous and starting at element 0 of its storage, as most kernels want. */
    boolean isDense() {
        return offset == 0 && isContiguous() && storage.size() == size();
    }

    // ---- data access ------------------------------------------------------------------------------

    /** The values in row-major order (bf16 values widened to float). */
    public float[] toFloatArray() {
        if (dtype() == DType.INT32) requireDType("toFloatArray", DType.FLOAT32);
        Tensor c = contiguous();
        return backend().downloadFloats(c.storage, c.offset, c.size());
    }

    public int[] toIntArray() {
        requireDType("toIntArray", DType.INT32);
        Tensor c = contiguous();
        return backend().downloadInts(c.storage, c.offset, c.size());
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shapes.str(shape) + " has " + size() + " elements, not 1");
        return toFloatArray()[0];
    }

    void requireDType(String op, DType expected) {
        if (dtype() != expected) {
            throw new IllegalArgumentException(op + ": expected " + expected.name().toLowerCase() + " but tensor of shape "
                    + Shapes.str(shape) + " is " + dtype().name().toLowerCase());
        }
    }

    /** A copy on another device (this tensor when it is already there); bf16 values arrive as float32. */
    public Tensor to(Device device) {
        if (device == device()) return this;
        Tensor c = contiguous();
        Backend target = device.backend();
        Storage s = dtype() == DType.INT32 ? target.upload(c.toIntArray()) : target.upload(c.toFloatArray());
        return dense(s, shape);
    }

    /** This tensor converted between float32 and bf16 (itself when already of type); gradients flow back through it. */
    public Tensor to(DType type) {
        return Casts.to(this, type);
    }

    // ---- views and layout -------------------------------------------------------------------------

    /** The same data in another shape; one axis may be -1. Copies only when this tensor is not contiguous. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Swaps two axes without copying. */
    public Tensor transpose(int axisA, int axisB) {
        return Views.transpose(this, axisA, axisB);
    }

    /** Elements [start, end) along one axis, without copying. */
    public Tensor slice(int axis, int start, int end) {
        return Views.slice(this, axis, start, end);
    }

    /** This tensor when contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.copy(this);
    }

    /** A tensor sharing this one's data that the tape does not track. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset);
    }

    // ---- arithmetic (broadcasting) ----------------------------------------------------------------

    public Tensor add(Tensor other) {
        return Arithmetic.binary(BinaryOp.ADD, this, other);
    }

    public Tensor sub(Tensor other) {
        return Arithmetic.binary(BinaryOp.SUB, this, other);
    }

    public Tensor mul(Tensor other) {
        return Arithmetic.binary(BinaryOp.MUL, this, other);
    }

    public Tensor div(Tensor other) {
        return Arithmetic.binary(BinaryOp.DIV, this, other);
    }

    public Tensor scale(float alpha) {
        return Arithmetic.scale(this, alpha);
    }

    /** Batched matrix product over the last two axes; leading axes broadcast. */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /** Sum over the given axes (all axes when none are given); the summed axes are removed. */
    public Tensor sum(int... axes) {
        return Reductions.sum(this, axes);
    }

    /** Mean over the given axes (all axes when none are given); the averaged axes are removed. */
    public Tensor mean(int... axes) {
        return Reductions.mean(this, axes);
    }

    // ---- autograd ---------------------------------------------------------------------------------

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as one whose gradient backward() should compute; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) throw new IllegalArgumentException("requiresGrad: cannot switch off gradients of a non-leaf tensor; use detach()");
        if (value && dtype() != DType.FLOAT32) throw new IllegalArgumentException("requiresGrad: only float32 tensors can have gradients");
        this.requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward pass. */
    public Tensor grad() {
        return grad;
    }

    void setGrad(Tensor grad) {
        this.grad = grad;
    }

    public void zeroGrad() {
        grad = null;
    }

    Node gradFn() {
        return gradFn;
    }

    void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** Backpropagates from this scalar, adding into the .grad of every leaf that requires gradients. */
    public void backward() {
        Autograd.backward(this, null);
    }

    /**
     * {@link #backward}, handing each intermediate buffer of the forward pass back to its backend as soon as the pass no
     * longer needs it: on a GPU the next step reuses that memory at once, instead of when the collector finds the
     * tensors unreachable. For training loops that read nothing of the forward pass afterwards but this loss and the
     * tensors in keep; reading any other tensor of the graph fails ("a released buffer ... was used again" on the CPU).
     */
    public void backwardAndFree(Tensor... keep) {
        Autograd.backward(this, keep);
    }

    /** Disables gradient recording until the returned scope is closed: {@code try (var s = Tensor.noGrad()) {...}}. */
    public static NoGradScope noGrad() {
        return GradMode.disable();
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.str(shape) + " " + dtype().name().toLowerCase() + " " + device().name().toLowerCase()
                + (requiresGrad ? " requiresGrad" : "");
    }
}
