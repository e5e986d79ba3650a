package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** A shared library opened for the life of the JVM through the dynamic loader, and typed downcalls into it. */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** Opens a library by its soname; fails with "NAME not found" when the loader cannot find it. */
    static NativeLibrary open(String name) {
        try {
            return new NativeLibrary(name, SymbolLookup.libraryLookup(name, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new CudaException(name + " not found");
        }
    }

    /** A downcall to symbol returning result (null for void) and taking args. */
    MethodHandle function(String symbol, MemoryLayout result, MemoryLayout... args) {
        MemorySegment address = lookup.find(symbol)
                .orElseThrow(() -> new CudaException(name + " has no function " + symbol + " (a library too old?)"));
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        return LINKER.downcallHandle(address, descriptor);
    }

    /** The NUL-terminated string at address, or "" for NULL. */
    static String string(MemorySegment address) {
        return address.equals(MemorySegment.NULL) ? "" : address.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** A downcall returning a status code; written as a lambda around MethodHandle.invokeExact. */
    interface StatusCall {
        int call() throws Throwable;
    }

    /** A downcall returning a pointer. */
    interface AddressCall {
        MemorySegment call() throws Throwable;
    }

    /** A call that writes its result through the pointer it is given, returning a status. */
    interface OutCall {
        int call(MemorySegment out) throws Throwable;
    }

    /** A library's status check, which throws an exception naming call when status is a failure. */
    interface StatusCheck {
        void check(String call, int status);
    }

    /** The handle (a pointer) that body writes through its out-pointer, after its status passed check. */
    static MemorySegment handleOut(String call, StatusCheck check, OutCall body) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            check.check(call, status(() -> body.call(out)));
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    static int status(StatusCall call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static MemorySegment address(AddressCall call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
