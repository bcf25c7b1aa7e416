package io.switchboard.core.hub;

import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces flushes on one event loop, when there is something to coalesce. While other fan-outs are
 * queued on the loop, a delivery is only held by its connection ({@link Transport#writeShared}); the
 * first of a burst schedules one task behind the fan-out tasks already queued, and that task flushes
 * every connection written to. Several publications for a connection then leave in one syscall
 * instead of one each, which is what saturated fan-out is bound by (the kernel costs several
 * microseconds per write on loopback).
 * When nothing is queued behind a fan-out, nothing can share its writes, so its deliveries are sent
 * at once ("direct"; see {@link Transport#writeNow}): one pass over the recipients, no per-recipient
 * bookkeeping for a later flush. Confined to its loop, except {@link #fanOutQueued}.
 */
final class FlushBatch implements Runnable {

    private final EventExecutor loop;
    private final List<ClientSession> dirty = new ArrayList<>();
    private boolean scheduled;
    /** Fan-out tasks submitted to the loop and not started yet; written by any thread. */
    private final AtomicInteger queuedFanOuts = new AtomicInteger();
    /** Set while a fan-out runs with nothing queued behind it: there is nothing to coalesce with. */
    private boolean direct;

    FlushBatch(EventExecutor loop) {
        this.loop = loop;
    }

    /** Call before submitting a fan-out task to the loop (from any thread); the task calls {@link #fanOut}. */
    void fanOutQueued() {
        queuedFanOuts.incrementAndGet();
    }

    /**
     * Runs one fan-out's deliveries on the loop. When no other fan-out is queued behind it, no later
     * publication can share a write with this one, so each delivery is sent at once (see
     * {@link Transport#writeNow}) instead of being queued for the batch's flush.
     */
    void fanOut(Runnable deliveries) {
        direct = queuedFanOuts.decrementAndGet() == 0;
        try {
            deliveries.run();
        } finally {
            direct = false;
        }
    }

    /**
     * Whether deliveries are sent one by one now (see {@link #fanOut}). Turns false as soon as another
     * fan-out is queued, so that the rest of this one can share writes with it.
     */
    boolean direct() {
        return direct && queuedFanOuts.get() == 0;
    }

    /**
     * Sends {@code push} to {@code transport} at once when this fan-out is direct and the transport
     * can take it now ({@link Transport#writeNow}); false when it must be queued instead.
     */
    boolean sentAtOnce(Transport transport, SharedPush push) {
        return direct() && transport.writeNow(push.shared(transport.codec()));
    }

    /** Call on the loop after writing to {@code session} without flushing. */
    void add(ClientSession session) {
        if (!session.markUnflushed()) {
            return; // already waiting for this batch
        }
        dirty.add(session);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        for (ClientSession session : dirty) {
            session.flushNow();
        }
        dirty.clear();
    }
}
