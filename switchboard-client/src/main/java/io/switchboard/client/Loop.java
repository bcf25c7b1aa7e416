package io.switchboard.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's serial task queue over the shared pool: tasks run one at a time, in submission order,
 * each seeing the effects of the previous ones. All of a client's mutable state is confined to it, so
 * that state needs no locks. Tasks must not block.
 */
final class Loop implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);
    /** Tasks run per turn before yielding the pool thread to other clients. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final ScheduledExecutorService timers;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Loop(Executor pool, ScheduledExecutorService timers) {
        this.pool = pool;
        this.timers = timers;
    }

    /** Over the shared runtime. */
    static Loop shared() {
        return new Loop(ClientRuntime.pool(), ClientRuntime.pool());
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /** Runs {@code task} on this loop after {@code delay}; cancel the returned handle to drop it. */
    Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timers.schedule(() -> execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("client task failed", e);
                }
            }
        } finally {
            scheduled.set(false);
        }
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /** A scheduled task that can be dropped. Cancelling twice or after it ran is harmless. */
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
