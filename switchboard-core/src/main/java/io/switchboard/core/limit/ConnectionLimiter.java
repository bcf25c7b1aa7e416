package io.switchboard.core.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts connections per node and per remote IP. A slot is taken before the upgrade (so concurrent
 * handshakes cannot overshoot) and given back when the connection closes.
 */
public final class ConnectionLimiter {

    /** What {@link #tryAcquire} gives: the address's slots, or why there was none. */
    public sealed interface Outcome permits AddressSlots, Refusal {
    }

    /** Why a slot was refused. */
    public enum Refusal implements Outcome { NODE_FULL, IP_FULL }

    /**
     * The slots one remote address holds. Every connection from that address gets this same object,
     * so a connection keeps a reference to it instead of an address string of its own (connections
     * behind one NAT or proxy are many).
     */
    public static final class AddressSlots implements Outcome {
        private final String ip;
        private int held; // changed only inside the map's compute functions, which run one at a time per key

        private AddressSlots(String ip) {
            this.ip = ip;
        }

        public String ip() {
            return ip;
        }
    }

    private final int maxTotal;
    private final int maxPerIp;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AddressSlots> perIp = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxTotal, int maxPerIp) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    /** Takes a slot for a connection from {@code ip}: give it back with {@link #release} when it closes. */
    public Outcome tryAcquire(String ip) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.NODE_FULL;
        }
        boolean[] took = {false};
        AddressSlots slots = perIp.compute(ip, (k, s) -> {
            AddressSlots address = s == null ? new AddressSlots(k) : s;
            if (address.held < maxPerIp) {
                address.held++;
                took[0] = true;
            }
            return address.held == 0 ? null : address;
        });
        if (!took[0]) {
            total.decrementAndGet();
            return Refusal.IP_FULL;
        }
        return slots;
    }

    /** Gives back a slot taken by {@link #tryAcquire}; a release of more slots than were taken is ignored. */
    public void release(AddressSlots slots) {
        boolean[] held = {false};
        perIp.computeIfPresent(slots.ip, (k, s) -> {
            if (s != slots || s.held == 0) {
                return s;
            }
            held[0] = true;
            return --s.held == 0 ? null : s;
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
