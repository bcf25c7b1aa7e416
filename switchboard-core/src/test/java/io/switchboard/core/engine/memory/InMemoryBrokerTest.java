package io.switchboard.core.engine.memory;

import io.switchboard.core.engine.Broker;
import io.switchboard.core.engine.Control;
import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.engine.PublishOptions;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class InMemoryBrokerTest {

    private static final PublishOptions HISTORY = new PublishOptions(100, Duration.ofMinutes(10));
    private static final Payload DATA = Payload.ofJson("{\"text\":\"hi\"}");
    private static final ClientInfo ALICE = new ClientInfo("c-1", "alice", null);

    private final Recorder recorder = new Recorder();
    private final InMemoryBroker broker = new InMemoryBroker();

    InMemoryBrokerTest() {
        broker.start(recorder);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    /** Records deliveries and checks that the broker never calls it concurrently for one channel. */
    static final class Recorder implements Broker.BrokerListener {
        final Map<String, List<Publication>> publications = new ConcurrentHashMap<>();
        final List<String> presence = new CopyOnWriteArrayList<>();
        final List<Control> controls = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public void onPublication(String channel, Publication publication) {
            AtomicInteger n = inFlight.computeIfAbsent(channel, c -> new AtomicInteger());
            maxInFlight.accumulateAndGet(n.incrementAndGet(), Math::max);
            try {
                // The broker serializes calls per channel; a plain list would be safe, but a
                // concurrent one keeps a broken broker from corrupting the evidence.
                publications.computeIfAbsent(channel, c -> Collections.synchronizedList(new ArrayList<>())).add(publication);
            } finally {
                n.decrementAndGet();
            }
        }

        @Override
        public void onPresenceEvent(String channel, ClientInfo info, boolean join) {
            presence.add(channel + (join ? " join " : " leave ") + info.user());
        }

        @Override
        public void onControl(Control control) {
            controls.add(control);
        }

        List<Long> offsets(String channel) {
            List<Publication> list = publications.getOrDefault(channel, List.of());
            synchronized (list) {
                return list.stream().map(Publication::offset).toList();
            }
        }
    }

    private static <T> T now(CompletionStage<T> stage) {
        assertThat(stage.toCompletableFuture()).isDone();
        return stage.toCompletableFuture().join();
    }

    @Test
    void publishWithoutHistoryReturnsNoneAndDeliversOffsetZero() {
        StreamPosition position = now(broker.publish("chat:a", "id-1", DATA, ALICE, PublishOptions.NO_HISTORY));

        assertThat(position).isEqualTo(StreamPosition.NONE);
        assertThat(recorder.publications.get("chat:a")).containsExactly(new Publication("id-1", 0, DATA, ALICE));
    }

    @Test
    void publishWithoutHistoryStoresNothing() {
        now(broker.publish("chat:a", "id-1", DATA, null, PublishOptions.NO_HISTORY));
        now(broker.publish("chat:a", "id-2", DATA, null, PublishOptions.NO_HISTORY));

        HistorySlice slice = now(broker.history("chat:a", new HistoryQuery(null, 10)));
        assertThat(slice.publications()).isEmpty();
        assertThat(slice.position().offset()).isZero();
        assertThat(recorder.offsets("chat:a")).containsExactly(0L, 0L);
    }

    @Test
    void publishWithHistoryAssignsOffsetsAndDeliversThem() {
        StreamPosition p1 = now(broker.publish("chat:a", "id-1", DATA, ALICE, HISTORY));
        StreamPosition p2 = now(broker.publish("chat:a", "id-2", DATA, null, HISTORY));

        assertThat(p1.offset()).isEqualTo(1);
        assertThat(p2).isEqualTo(new StreamPosition(2, p1.epoch()));
        assertThat(recorder.publications.get("chat:a")).containsExactly(
                new Publication("id-1", 1, DATA, ALICE), new Publication("id-2", 2, DATA, null));

        HistorySlice slice = now(broker.history("chat:a", new HistoryQuery(new StreamPosition(0, p1.epoch()), 10)));
        assertThat(slice.publications()).isEqualTo(recorder.publications.get("chat:a"));
        assertThat(slice.position()).isEqualTo(p2);
        assertThat(slice.complete()).isTrue();
    }

    @Test
    void sharesTheGivenHistoryStore() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        InMemoryBroker withStore = new InMemoryBroker(store);
        withStore.start(recorder);

        StreamPosition p = now(withStore.publish("chat:s", "id", DATA, null, HISTORY));

        HistorySlice slice = now(store.read("chat:s", new HistoryQuery(null, 10)));
        assertThat(slice.position()).isEqualTo(p);
        assertThat(slice.publications()).extracting(Publication::id).containsExactly("id");
    }

    @Test
    void removeHistoryStartsANewEpoch() {
        StreamPosition before = now(broker.publish("chat:a", "id-1", DATA, null, HISTORY));

        now(broker.removeHistory("chat:a"));
        StreamPosition after = now(broker.publish("chat:a", "id-2", DATA, null, HISTORY));

        assertThat(after.offset()).isEqualTo(1);
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
    }

    @Test
    void fourThreadsPublishingIntoOneChannelAreDeliveredInOffsetOrder() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        List<Set<StreamPosition>> returned = publishConcurrently(threads, perThread, List.of("chat:hot"));

        List<Long> offsets = recorder.offsets("chat:hot");
        assertThat(offsets).hasSize(threads * perThread);
        for (int i = 0; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).as("delivery #%d", i).isEqualTo(i + 1L);
        }
        Set<StreamPosition> all = new HashSet<>();
        returned.forEach(all::addAll);
        assertThat(all).as("every publisher got its own position").hasSize(threads * perThread);
        assertThat(recorder.maxInFlight.get()).as("listener never called concurrently for a channel").isEqualTo(1);
    }

    @Test
    void concurrentPublishingIntoSeveralChannelsKeepsEachInOrder() throws Exception {
        List<String> channels = List.of("chat:a", "chat:b", "chat:c");
        publishConcurrently(4, 3_000, channels);

        int total = 0;
        for (String channel : channels) {
            List<Long> offsets = recorder.offsets(channel);
            for (int i = 0; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).as("%s delivery #%d", channel, i).isEqualTo(i + 1L);
            }
            total += offsets.size();
        }
        assertThat(total).isEqualTo(4 * 3_000);
        assertThat(recorder.maxInFlight.get()).isEqualTo(1);
    }

    /** Each thread publishes {@code perThread} times, cycling over {@code channels}. */
    private List<Set<StreamPosition>> publishConcurrently(int threads, int perThread, List<String> channels)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Set<StreamPosition>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    Set<StreamPosition> mine = new HashSet<>();
                    for (int i = 0; i < perThread; i++) {
                        String channel = channels.get((i + id) % channels.size());
                        mine.add(broker.publish(channel, id + "-" + i, DATA, null, HISTORY)
                                .toCompletableFuture().join());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Set<StreamPosition>> results = new ArrayList<>();
            for (Future<Set<StreamPosition>> f : futures) {
                results.add(f.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void presenceEventsAndControlsReachTheListener() {
        Control control = new Control.UserMessage("bob", DATA, "alice");

        now(broker.publishPresenceEvent("chat:a", ALICE, true));
        now(broker.publishPresenceEvent("chat:a", ALICE, false));
        now(broker.publishControl(control));

        assertThat(recorder.presence).containsExactly("chat:a join alice", "chat:a leave alice");
        assertThat(recorder.controls).containsExactly(control);
    }

    @Test
    void subscribeAndUnsubscribeCompleteAtOnce() {
        assertThat(broker.subscribe("chat:a").toCompletableFuture()).isCompleted();
        assertThat(broker.unsubscribe("chat:a").toCompletableFuture()).isCompleted();
        assertThat(broker.unsubscribe("chat:never").toCompletableFuture()).isCompleted();
    }

    @Test
    void startRejectsANullListener() {
        assertThatThrownBy(() -> new InMemoryBroker().start(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new InMemoryBroker(null)).isInstanceOf(NullPointerException.class);
    }
}
