package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** NVRTC (libnvrtc.so.13): compiles CUDA C++ source to a cubin for one GPU architecture at run time. */
final class Nvrtc {
    private static Nvrtc instance;

    private final MethodHandle nvrtcVersion, nvrtcGetErrorString, nvrtcCreateProgram, nvrtcDestroyProgram, nvrtcCompileProgram;
    private final MethodHandle nvrtcGetProgramLogSize, nvrtcGetProgramLog, nvrtcGetCUBINSize, nvrtcGetCUBIN;

    private Nvrtc(NativeLibrary lib) {
        nvrtcVersion = lib.function("nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetErrorString = lib.function("nvrtcGetErrorString", ADDRESS, JAVA_INT);
        nvrtcCreateProgram = lib.function("nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        nvrtcDestroyProgram = lib.function("nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        nvrtcCompileProgram = lib.function("nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        nvrtcGetProgramLogSize = lib.function("nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetProgramLog = lib.function("nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetCUBINSize = lib.function("nvrtcGetCUBINSize", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetCUBIN = lib.function("nvrtcGetCUBIN", JAVA_INT, ADDRESS, ADDRESS);
    }

    static synchronized Nvrtc load() {
        if (instance == null) instance = new Nvrtc(NativeLibrary.open("libnvrtc.so.13"));
        return instance;
    }

    private void check(String call, int status) {
        if (status != 0) {
            String text = NativeLibrary.string(NativeLibrary.address(() -> (MemorySegment) nvrtcGetErrorString.invokeExact(status)));
            throw new CudaException(call + " failed: " + text);
        }
    }

    /** "major.minor" of this NVRTC. */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT), minor = arena.allocate(JAVA_INT);
            check("nvrtcVersion", NativeLibrary.status(() -> (int) nvrtcVersion.invokeExact(major, minor)));
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        }
    }

    /**
     * Compiles source (named name in messages) with the given headers (include name -> text) for sm_{arch};
     * a compile error throws with NVRTC's log.
     */
    byte[] compileToCubin(String name, String source, Map<String, String> headers, int arch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programOut = arena.allocate(ADDRESS);
            MemorySegment headerTexts = strings(arena, List.copyOf(headers.values()));
            MemorySegment headerNames = strings(arena, List.copyOf(headers.keySet()));
            MemorySegment src = arena.allocateFrom(source), cName = arena.allocateFrom(name);
            int headerCount = headers.size();
            check("nvrtcCreateProgram", NativeLibrary.status(() -> (int) nvrtcCreateProgram.invokeExact(programOut, src, cName,
                    headerCount, headerTexts, headerNames)));
            MemorySegment program = programOut.get(ADDRESS, 0);
            try {
                List<String> options = List.of("--gpu-architecture=sm_" + arch, "--std=c++17");
                MemorySegment optionArray = strings(arena, options);
                int status = NativeLibrary.status(() -> (int) nvrtcCompileProgram.invokeExact(program, options.size(), optionArray));
                if (status != 0) throw new CudaException("NVRTC could not compile " + name + ": " + log(arena, program).strip());
                return cubin(arena, program);
            } finally {
                NativeLibrary.status(() -> (int) nvrtcDestroyProgram.invokeExact(programOut));
            }
        }
    }

    private String log(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        check("nvrtcGetProgramLogSize", NativeLibrary.status(() -> (int) nvrtcGetProgramLogSize.invokeExact(program, size)));
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        check("nvrtcGetProgramLog", NativeLibrary.status(() -> (int) nvrtcGetProgramLog.invokeExact(program, text)));
        return text.getString(0);
    }

    private byte[] cubin(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        check("nvrtcGetCUBINSize", NativeLibrary.status(() -> (int) nvrtcGetCUBINSize.invokeExact(program, size)));
        MemorySegment image = arena.allocate(size.get(JAVA_LONG, 0));
        check("nvrtcGetCUBIN", NativeLibrary.status(() -> (int) nvrtcGetCUBIN.invokeExact(program, image)));
        return image.toArray(JAVA_BYTE);
    }

    /** A C array of C strings (NULL when empty). */
    private static MemorySegment strings(Arena arena, List<String> values) {
        if (values.isEmpty()) return MemorySegment.NULL;
        MemorySegment array = arena.allocate(ADDRESS, values.size());
        for (int i = 0; i < values.size(); i++) array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        return array;
    }
}
