package io.switchboard.core.limit;

import io.switchboard.core.limit.ConnectionLimiter.AddressSlots;
import io.switchboard.core.limit.ConnectionLimiter.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ConnectionLimiterTest {

    @Test
    void grantsUpToTheNodeLimit() {
        ConnectionLimiter limiter = new ConnectionLimiter(3, 10);

        assertThat(limiter.tryAcquire("10.0.0.1")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("10.0.0.2")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("10.0.0.3")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("10.0.0.4")).isEqualTo(Refusal.NODE_FULL);
        assertThat(limiter.tryAcquire("10.0.0.1")).isEqualTo(Refusal.NODE_FULL);

        assertThat(limiter.total()).isEqualTo(3);
        assertThat(limiter.trackedIps()).isEqualTo(3);
    }

    @Test
    void grantsUpToThePerIpLimit() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 2);

        assertThat(limiter.tryAcquire("10.0.0.1")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("10.0.0.1")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("10.0.0.1")).isEqualTo(Refusal.IP_FULL);
        assertThat(limiter.tryAcquire("10.0.0.2")).as("other addresses are unaffected").isInstanceOf(AddressSlots.class);

        assertThat(limiter.total()).as("a refused handshake takes no slot").isEqualTo(3);
        assertThat(limiter.trackedIps()).isEqualTo(2);
    }

    @Test
    void nodeFullWinsOverIpFull() {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 1);
        limiter.tryAcquire("ip");

        assertThat(limiter.tryAcquire("ip")).isEqualTo(Refusal.NODE_FULL);
        assertThat(limiter.total()).isEqualTo(1);
    }

    @Test
    void refusedAttemptsDoNotLeakSlots() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 1);
        limiter.tryAcquire("a");
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(Refusal.IP_FULL);
        }
        assertThat(limiter.tryAcquire("b")).isInstanceOf(AddressSlots.class);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("c")).isEqualTo(Refusal.NODE_FULL);
        }
        assertThat(limiter.total()).isEqualTo(2);
        assertThat(limiter.trackedIps()).as("no entry for an address that never got a slot").isEqualTo(2);
    }

    @Test
    void releaseFreesTheSlotForTheSameAndOtherAddresses() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 1);
        AddressSlots a = (AddressSlots) limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        assertThat(limiter.tryAcquire("a")).isEqualTo(Refusal.NODE_FULL);

        limiter.release(a);

        assertThat(limiter.total()).isEqualTo(1);
        assertThat(limiter.tryAcquire("b")).as("b still holds its one slot").isEqualTo(Refusal.IP_FULL);
        assertThat(limiter.tryAcquire("a")).isInstanceOf(AddressSlots.class);
    }

    @Test
    void countsReturnToZero() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 3);
        Map<String, AddressSlots> slots = new java.util.HashMap<>();
        for (String ip : List.of("a", "a", "a", "b", "c")) {
            slots.put(ip, (AddressSlots) limiter.tryAcquire(ip));
        }
        assertThat(limiter.total()).isEqualTo(5);
        assertThat(limiter.trackedIps()).isEqualTo(3);

        for (String ip : List.of("a", "b", "a", "c", "a")) {
            limiter.release(slots.get(ip));
        }

        assertThat(limiter.total()).isZero();
        assertThat(limiter.trackedIps()).as("addresses without connections are forgotten").isZero();
        assertThat(limiter.tryAcquire("a")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("a")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("a")).isInstanceOf(AddressSlots.class);
        assertThat(limiter.tryAcquire("a")).isEqualTo(Refusal.IP_FULL);
    }

    @Test
    void concurrentAcquireAndReleaseNeverOvershoot() throws Exception {
        int maxTotal = 20;
        int maxPerIp = 3;
        int threads = 8;
        int rounds = 20_000;
        List<String> ips = List.of("ip-0", "ip-1", "ip-2", "ip-3", "ip-4", "ip-5", "ip-6", "ip-7", "ip-8", "ip-9");
        ConnectionLimiter limiter = new ConnectionLimiter(maxTotal, maxPerIp);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        Map<String, AtomicInteger> heldPerIp = new ConcurrentHashMap<>();
        AtomicInteger maxHeldPerIp = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        ips.forEach(ip -> heldPerIp.put(ip, new AtomicInteger()));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<AddressSlots> mine = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        String ip = ips.get((seed * 7 + i) % ips.size());
                        // hold up to 4 slots per thread, releasing the oldest first
                        if (mine.size() < 4 && limiter.tryAcquire(ip) instanceof AddressSlots taken) {
                            granted.incrementAndGet();
                            maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            maxHeldPerIp.accumulateAndGet(heldPerIp.get(ip).incrementAndGet(), Math::max);
                            mine.add(taken);
                        } else if (!mine.isEmpty()) {
                            AddressSlots old = mine.remove(0);
                            heldPerIp.get(old.ip()).decrementAndGet();
                            held.decrementAndGet();
                            limiter.release(old);
                        }
                    }
                    for (AddressSlots old : mine) {
                        heldPerIp.get(old.ip()).decrementAndGet();
                        held.decrementAndGet();
                        limiter.release(old);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(granted.get()).as("the test exercised the limiter").isGreaterThan(1000);
        assertThat(maxHeld.get()).isLessThanOrEqualTo(maxTotal);
        assertThat(maxHeldPerIp.get()).isLessThanOrEqualTo(maxPerIp);
        assertThat(limiter.total()).isZero();
        assertThat(limiter.trackedIps()).isZero();
    }

    @Test
    void concurrentHandshakesAtTheLimitGrantExactlyTheLimit() throws Exception {
        int threads = 8;
        ConnectionLimiter limiter = new ConnectionLimiter(50, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < 100; i++) {
                        if (limiter.tryAcquire("ip-" + (id % 3)) instanceof AddressSlots) {
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Integer> f : futures) {
                granted += f.get(20, TimeUnit.SECONDS);
            }
            // Nothing is released, so the slots that were granted are exactly the limit.
            assertThat(granted).isEqualTo(50);
            assertThat(limiter.total()).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasingMoreSlotsThanWereTakenChangesNothing() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 10);
        AddressSlots first = (AddressSlots) limiter.tryAcquire("10.0.0.1");
        limiter.release(first);
        limiter.release(first);
        assertThat(limiter.total()).isZero();
        assertThat(limiter.trackedIps()).isZero();

        AddressSlots again = (AddressSlots) limiter.tryAcquire("10.0.0.1");
        limiter.release(first); // the address's earlier slots object, forgotten when its count reached 0
        assertThat(limiter.total()).as("a stale release does not free the new slot").isEqualTo(1);
        limiter.release(again);
        assertThat(limiter.total()).isZero();
    }

    @Test
    void connectionsFromOneAddressShareItsSlotsAndTheFirstAddressString() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 10);
        String first = new String("192.0.2.7");
        String second = new String("192.0.2.7"); // equal, not the same object, as each handshake makes its own

        AddressSlots a = (AddressSlots) limiter.tryAcquire(first);
        AddressSlots b = (AddressSlots) limiter.tryAcquire(second);

        assertThat(b).isSameAs(a);
        assertThat(b.ip()).isSameAs(first);
        assertThat(limiter.tryAcquire("192.0.2.8")).isNotSameAs(a);
    }
}
