package jgpt.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The kernels of one family: the resource {@code <Family>.cu} beside the Java class of that name, compiled by
 * NVRTC for the device's architecture (once: the cubin is kept on disk, see {@link CubinCache}) and loaded into the
 * context. {@code common.cuh} is offered to every file as an include.
 */
final class KernelModule {
    private static final String COMMON_HEADER = "common.cuh";
    private static final CubinCache CACHE = CubinCache.standard();

    private final CudaContext context;
    private final MemorySegment module;

    private KernelModule(CudaContext context, MemorySegment module) {
        this.context = context;
        this.module = module;
    }

    /**
     * The family's source compiled to a cubin, or the cubin an earlier start compiled from the same sources for the same
     * architecture and NVRTC ({@link CubinCache}); thread-safe, so families may compile in parallel.
     */
    static byte[] compile(Nvrtc nvrtc, Class<?> family, int computeCapability) {
        String file = family.getSimpleName() + ".cu";
        String source = resource(file), header = resource(COMMON_HEADER);
        String inputs = String.join("\u0000", file, source, header, "sm_" + computeCapability, "nvrtc " + nvrtc.version());
        return CACHE.get(family.getSimpleName(), inputs,
                () -> nvrtc.compileToCubin(file, source, Map.of(COMMON_HEADER, header), computeCapability));
    }

    static KernelModule load(CudaContext context, byte[] cubin) {
        context.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(cubin.length).copyFrom(MemorySegment.ofArray(cubin));
            return new KernelModule(context, context.driver.loadModule(image));
        }
    }

    MemorySegment function(String name) {
        context.makeCurrent();
        MemorySegment function = context.driver.function(module, name);
        KernelProfile.name(function, name);
        return function;
    }

    private static String resource(String file) {
        try (InputStream in = KernelModule.class.getResourceAsStream(file)) {
            if (in == null) throw new CudaException("kernel source " + file + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + file, e);
        }
    }
}
