package io.switchboard.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. A JVM shutdown hook would do the drain too, but the
 * process would then exit with 143; handling the signal lets {@code serve} drain and exit 0. A second
 * signal during the drain exits at once.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** Installs the handlers; if the JVM refuses (e.g. with {@code -Xrs}), falls back to a shutdown hook. */
    static ShutdownSignals install(Runnable fallbackHook) {
        ShutdownSignals signals = new ShutdownSignals();
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(name), signals::onSignal);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("cannot handle signals ({}); stopping through a shutdown hook instead", e.getMessage());
            Runtime.getRuntime().addShutdownHook(new Thread(fallbackHook, "switchboard-shutdown"));
        }
        return signals;
    }

    private void onSignal(Signal signal) {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("SIG{} received: draining connections", signal.getName());
            received.countDown();
        } else {
            LOG.warn("SIG{} received again: exiting without waiting for the drain", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }

    /** Whether a stop signal has arrived (does not block). */
    boolean received() {
        return received.getCount() == 0;
    }

    /** Blocks until the first signal. */
    void await() throws InterruptedException {
        received.await();
    }
}
