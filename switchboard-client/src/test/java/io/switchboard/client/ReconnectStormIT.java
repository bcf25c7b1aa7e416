package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconnect storm, measured: 1,000 clients in this JVM (JSON, default backoff and timeouts) subscribed
 * to one channel; the node drains and a new node starts on the same port. Every subscription must be
 * re-established within 15 s of the new node's start, and the reconnects must be spread out (at most 30%
 * of them in any 200 ms window) thanks to the drain's advised delays and the clients' full jitter.
 * The figures are printed on a line starting {@code RECONNECT-STORM:}.
 *
 * <p>Heavy by design (1,000 real WebSockets, about 10-20 s here); it is the one test that is.
 */
@Timeout(120)
class ReconnectStormIT {

    private static final int CLIENTS = 1_000;
    private static final String CHANNEL = "storm:all";
    /**
     * Everything else is the default. A node closed inside this JVM can leave a connection accepted
     * during its last milliseconds neither answered nor closed (a process exit would close it); the
     * client gives up on such an attempt after the connect timeout, so a shorter one keeps that
     * artifact of an in-JVM restart from dominating the figures.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<SwitchboardClient> clients = new ArrayList<>();
    private Switchboard node;

    @AfterEach
    void cleanUp() {
        clients.parallelStream().forEach(SwitchboardClient::close);
        Nodes.shutdown(node);
    }

    @Test
    void aThousandClientsComeBackSpreadOutAfterARestart() throws Exception {
        node = Nodes.start();
        int port = node.port();
        AtomicLongArray lostAt = new AtomicLongArray(CLIENTS);
        AtomicLongArray reconnectedAt = new AtomicLongArray(CLIENTS);
        AtomicLongArray resubscribedAt = new AtomicLongArray(CLIENTS);
        AtomicInteger recoveredTrue = new AtomicInteger();
        Map<String, AtomicInteger> failedAttempts = new ConcurrentHashMap<>();
        CountDownLatch allBack = new CountDownLatch(CLIENTS);
        List<CompletableFuture<Subscription>> subscribed = new ArrayList<>();

        for (int i = 0; i < CLIENTS; i++) {
            int n = i;
            SwitchboardClient c = new SwitchboardClient(Nodes.uri(port), ClientOptions.builder()
                    .token(SimpleTokenVerifier.token("storm-" + i))
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build());
            c.addListener(new ClientListener() {
                @Override
                public void onDisconnected(DisconnectedEvent event) {
                    lostAt.compareAndSet(n, 0, System.nanoTime());
                }

                @Override
                public void onError(SwitchboardException error) {
                    failedAttempts.computeIfAbsent(error.getMessage(), k -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void onConnected(ConnectedEvent event) {
                    if (lostAt.get(n) != 0) {
                        reconnectedAt.compareAndSet(n, 0, System.nanoTime());
                    }
                }
            });
            Subscription s = c.subscribe(CHANNEL, SubscribeOptions.defaults(), new SubscriptionListener() {
                @Override
                public void onRecovered(RecoveredEvent event) {
                    if (resubscribedAt.compareAndSet(n, 0, System.nanoTime())) {
                        if (event.recovered()) {
                            recoveredTrue.incrementAndGet();
                        }
                        allBack.countDown();
                    }
                }
            });
            clients.add(c);
            subscribed.add(s.whenSubscribed());
            c.connect();
        }
        CompletableFuture.allOf(subscribed.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        assertThat(node.connectionCount()).isEqualTo(CLIENTS);

        long shutdownAt = System.nanoTime();
        node.shutdown().get(30, TimeUnit.SECONDS);
        node = Nodes.restartOn(port);
        long restartedAt = System.nanoTime();

        boolean done = allBack.await(40, TimeUnit.SECONDS);
        long finishedAt = Arrays.stream(toArray(resubscribedAt)).max().orElse(0);
        long[] perClientMs = new long[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            perClientMs[i] = resubscribedAt.get(i) == 0 ? -1 : ms(resubscribedAt.get(i) - lostAt.get(i));
        }
        long[] sorted = perClientMs.clone();
        Arrays.sort(sorted);
        long[] reconnects = Arrays.stream(toArray(reconnectedAt)).filter(t -> t != 0).sorted().toArray();
        int busiestWindow = busiestWindow(reconnects);
        long totalMs = ms(finishedAt - restartedAt);

        System.out.printf("RECONNECT-STORM: clients=%d json shutdown_to_restart_ms=%d restart_to_all_resubscribed_ms=%d "
                        + "per_client_reconnect_ms(p50/p95/max)=%d/%d/%d busiest_200ms_window=%d (%.1f%%) "
                        + "recovered_true=%d (in-memory history is lost on restart) failed_attempts=%s%n",
                CLIENTS, ms(restartedAt - shutdownAt), totalMs, percentile(sorted, 50), percentile(sorted, 95),
                sorted[CLIENTS - 1], busiestWindow, 100.0 * busiestWindow / CLIENTS, recoveredTrue.get(), failedAttempts);

        assertThat(done).as("every subscription re-established").isTrue();
        assertThat(Duration.ofMillis(totalMs)).isLessThan(Duration.ofSeconds(15));
        assertThat(busiestWindow).as("reconnects in the busiest 200 ms window").isLessThanOrEqualTo(CLIENTS * 30 / 100);
        assertThat(node.connectionCount()).isEqualTo(CLIENTS);
    }

    private static int busiestWindow(long[] sortedTimes) {
        int best = 0;
        int start = 0;
        for (int end = 0; end < sortedTimes.length; end++) {
            while (sortedTimes[end] - sortedTimes[start] >= WINDOW_NANOS) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long[] toArray(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
