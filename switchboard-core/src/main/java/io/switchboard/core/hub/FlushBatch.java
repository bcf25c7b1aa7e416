package io.switchboard.core.hub;

import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;

/**
 * Coalesces flushes on one event loop. A fan-out delivery only writes; the first write of a burst
 * schedules one task behind the fan-out tasks already queued, and that task flushes every connection
 * written to. Several publications queued for a connection then leave in one write() syscall instead
 * of one each, which is what fan-out throughput is bound by (the kernel costs several microseconds
 * per write on loopback). Latency is unaffected: the flush runs as soon as the queued fan-out work
 * is done. Confined to its loop.
 */
final class FlushBatch implements Runnable {

    private final EventExecutor loop;
    private final List<ClientSession> dirty = new ArrayList<>();
    private boolean scheduled;

    FlushBatch(EventExecutor loop) {
        this.loop = loop;
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
