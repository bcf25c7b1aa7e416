package io.switchboard.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs application code (listeners, the token supplier, continuations of returned futures) on the
 * callback executor, never on the client's loop or an I/O thread. The default executor is one daemon
 * thread per client, so callbacks are ordered; it lets its thread go after ten idle seconds, so thousands
 * of quiet clients do not hold thousands of threads, and a closed client needs no shutdown (its
 * last events, and any later failed calls, still run there).
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Executor executor;

    Dispatcher(Executor custom) {
        if (custom != null) {
            this.executor = custom;
        } else {
            ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    ClientRuntime.daemonThreads("switchboard-client-" + CLIENTS.incrementAndGet() + "-callbacks-"));
            single.allowCoreThreadTimeOut(true);
            this.executor = single;
        }
    }

    /** Runs application code; exceptions are logged, never propagated. */
    void run(Runnable userCode) {
        Runnable safe = () -> {
            try {
                userCode.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("application callback threw", e);
            }
        };
        try {
            executor.execute(safe);
        } catch (RejectedExecutionException e) {
            LOG.warn("the callback executor refused a task; running it on the calling thread");
            safe.run();
        }
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable error) {
        run(() -> future.completeExceptionally(error));
    }

    /** Calls {@code supplier} on the callback executor; the result completes on whatever thread it completes. */
    <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                CompletionStage<T> stage = supplier.get();
                if (stage == null) {
                    result.completeExceptionally(new IllegalStateException("supplier returned null"));
                } else {
                    stage.whenComplete((v, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(v);
                        }
                    });
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
