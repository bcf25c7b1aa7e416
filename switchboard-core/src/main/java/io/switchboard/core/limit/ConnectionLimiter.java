package io.switchboard.core.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections per node and per remote IP. A slot is taken before the upgrade (so concurrent
 * handshakes cannot overshoot) and given back when the connection closes.
 */
public final class ConnectionLimiter {

    /** Why a slot was refused. */
    public enum Refusal { NODE_FULL, IP_FULL }

    private final int maxTotal;
    private final int maxPerIp;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxTotal, int maxPerIp) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    /** @return null when a slot was taken, otherwise why not */
    public Refusal tryAcquire(String ip) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.NODE_FULL;
        }
        boolean[] ok = {false};
        perIp.compute(ip, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < maxPerIp) {
                c.incrementAndGet();
                ok[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!ok[0]) {
            total.decrementAndGet();
            return Refusal.IP_FULL;
        }
        return null;
    }

    /** Gives back a slot taken by {@link #tryAcquire}; a release for an address holding none is ignored. */
    public void release(String ip) {
        boolean[] held = {false};
        perIp.computeIfPresent(ip, (k, c) -> {
            held[0] = true;
            return c.decrementAndGet() <= 0 ? null : c;
        });
        if (held[0]) {
            total.decrementAndGet();
        }
    }

    public int total() {
        return total.get();
    }

    public int trackedIps() {
        return perIp.size();
    }
}
