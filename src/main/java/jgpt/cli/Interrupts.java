package jgpt.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C handling for long commands: the first interrupt runs an action (finish the step, save, exit
 * cleanly); a second one stops the program at once, as usual.
 */
final class Interrupts {
    private Interrupts() {
    }

    /** Undoes {@link #onFirstInterrupt}. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs action on the first Ctrl-C until the returned handle is closed. */
    static Handle onFirstInterrupt(Runnable action) {
        try {
            Signal interrupt = new Signal("INT");
            SignalHandler[] previous = new SignalHandler[1];
            previous[0] = Signal.handle(interrupt, signal -> {
                Signal.handle(interrupt, previous[0]);
                action.run();
            });
            return () -> Signal.handle(interrupt, previous[0]);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSignals) {
            return () -> { };   // this platform offers no SIGINT handler: Ctrl-C simply ends the program
        }
    }
}
