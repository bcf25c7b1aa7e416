package io.switchboard.core.engine.memory;

import io.switchboard.core.engine.HistoryQuery;
import io.switchboard.core.engine.HistorySlice;
import io.switchboard.core.engine.HistoryStore.Appended;
import io.switchboard.core.engine.PublishOptions;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class InMemoryHistoryStoreTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final InMemoryHistoryStore store = new InMemoryHistoryStore(clock::get);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private static PublishOptions keep(int size) {
        return new PublishOptions(size, TTL);
    }

    private static Publication pub(String id) {
        return new Publication(id, 0, Payload.ofJson("{\"id\":\"" + id + "\"}"), null);
    }

    private static <T> T now(CompletionStage<T> stage) {
        assertThat(stage.toCompletableFuture()).as("in-memory stages are complete on return").isDone();
        return stage.toCompletableFuture().join();
    }

    private Appended append(String channel, String id, int size) {
        return now(store.append(channel, pub(id), keep(size)));
    }

    private StreamPosition appendAll(String channel, int count, int size) {
        StreamPosition last = null;
        for (int i = 1; i <= count; i++) {
            last = append(channel, "p" + i, size).position();
        }
        return last;
    }

    private HistorySlice newest(String channel, int limit) {
        return now(store.read(channel, new HistoryQuery(null, limit)));
    }

    private HistorySlice since(String channel, long offset, String epoch, int limit) {
        return now(store.read(channel, new HistoryQuery(new StreamPosition(offset, epoch), limit)));
    }

    private static List<Long> offsets(HistorySlice slice) {
        return slice.publications().stream().map(Publication::offset).toList();
    }

    @Nested
    class Append {

        @Test
        void offsetsStartAtOneAndIncreaseByOne() {
            String epoch = null;
            for (int i = 1; i <= 5; i++) {
                Appended a = append("chat:a", "p" + i, 100);
                assertThat(a.publication().offset()).isEqualTo(i);
                assertThat(a.position().offset()).isEqualTo(i);
                if (epoch == null) {
                    epoch = a.position().epoch();
                }
                assertThat(a.position().epoch()).isEqualTo(epoch);
            }
            assertThat(epoch).isNotBlank();
        }

        @Test
        void ignoresTheIncomingOffsetAndKeepsEverythingElse() {
            ClientInfo info = new ClientInfo("c1", "alice", Payload.ofJson("{\"n\":\"A\"}"));
            Publication in = new Publication("id-1", 999, Payload.ofJson("[1,2]"), info);

            Appended a = now(store.append("chat:a", in, keep(10)));

            assertThat(a.publication()).isEqualTo(new Publication("id-1", 1, Payload.ofJson("[1,2]"), info));
        }

        @Test
        void channelsHaveIndependentStreams() {
            appendAll("chat:a", 3, 10);
            Appended b = append("chat:b", "x", 10);
            Appended a = append("chat:a", "y", 10);

            assertThat(b.position().offset()).isEqualTo(1);
            assertThat(a.position().offset()).isEqualTo(4);
            assertThat(a.position().epoch()).isNotEqualTo(b.position().epoch());
            assertThat(store.streamCount()).isEqualTo(2);
        }

        @Test
        void sizeBoundKeepsTheNewest() {
            StreamPosition last = appendAll("chat:a", 7, 3);

            HistorySlice slice = newest("chat:a", 100);

            assertThat(offsets(slice)).containsExactly(5L, 6L, 7L);
            assertThat(slice.publications()).extracting(Publication::id).containsExactly("p5", "p6", "p7");
            assertThat(slice.position()).isEqualTo(last);
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void sizeOfOneKeepsOnlyTheLast() {
            appendAll("chat:a", 4, 1);

            assertThat(offsets(newest("chat:a", 10))).containsExactly(4L);
        }

        @Test
        void concurrentAppendsGetDistinctConsecutiveOffsets() throws Exception {
            int threads = 4;
            int perThread = 2_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(store.append("chat:a", pub("x"), keep(50)).toCompletableFuture().join()
                                    .position().offset());
                        }
                        return mine;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                for (Future<List<Long>> f : futures) {
                    List<Long> mine = f.get(10, TimeUnit.SECONDS);
                    assertThat(mine).isSorted();
                    all.addAll(mine);
                }
                assertThat(all).hasSize(threads * perThread);
                assertThat(all).allSatisfy(o -> assertThat(o).isBetween(1L, (long) threads * perThread));
                HistorySlice slice = newest("chat:a", 100);
                assertThat(slice.position().offset()).isEqualTo(threads * perThread);
                assertThat(offsets(slice)).hasSize(50).isSorted().endsWith((long) threads * perThread);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class ReadNewest {

        @Test
        void limitReturnsTheNewestOldestFirst() {
            appendAll("chat:a", 6, 10);

            HistorySlice slice = newest("chat:a", 2);

            assertThat(offsets(slice)).containsExactly(5L, 6L);
            assertThat(slice.position().offset()).isEqualTo(6);
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void limitAboveWhatIsKeptReturnsAll() {
            appendAll("chat:a", 3, 10);

            assertThat(offsets(newest("chat:a", 1000))).containsExactly(1L, 2L, 3L);
        }

        @Test
        void limitZeroReturnsOnlyThePosition() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = newest("chat:a", 0);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.position()).isEqualTo(last);
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void unknownChannelHasAnEmptyStreamWhoseEpochTheFirstPublicationKeeps() {
            HistorySlice empty = newest("chat:new", 10);

            assertThat(empty.publications()).isEmpty();
            assertThat(empty.position().offset()).isZero();
            assertThat(empty.position().epoch()).isNotBlank();
            assertThat(empty.complete()).isTrue();

            Appended first = append("chat:new", "p1", 10);
            assertThat(first.position()).isEqualTo(new StreamPosition(1, empty.position().epoch()));

            HistorySlice recovered = since("chat:new", 0, empty.position().epoch(), 10);
            assertThat(offsets(recovered)).containsExactly(1L);
            assertThat(recovered.complete()).isTrue();
        }

        @Test
        void returnedListIsImmutable() {
            appendAll("chat:a", 2, 10);
            HistorySlice slice = newest("chat:a", 10);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> slice.publications().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(offsets(newest("chat:a", 10))).containsExactly(1L, 2L);
        }
    }

    @Nested
    class ReadSince {

        @Test
        void returnsEverythingAfterThePositionAsComplete() {
            StreamPosition last = appendAll("chat:a", 5, 10);

            HistorySlice slice = since("chat:a", 2, last.epoch(), 100);

            assertThat(offsets(slice)).containsExactly(3L, 4L, 5L);
            assertThat(slice.complete()).isTrue();
            assertThat(slice.position()).isEqualTo(last);
        }

        @Test
        void fromZeroReturnsTheWholeStream() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", 0, last.epoch(), 100);

            assertThat(offsets(slice)).containsExactly(1L, 2L, 3L);
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void upToDatePositionIsCompleteAndEmpty() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", 3, last.epoch(), 100);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void limitReturnsTheOldestAfterThePosition() {
            StreamPosition last = appendAll("chat:a", 6, 10);

            HistorySlice slice = since("chat:a", 1, last.epoch(), 2);

            assertThat(offsets(slice)).containsExactly(2L, 3L);
            assertThat(slice.complete()).as("nothing lost between 1 and 2").isTrue();
            assertThat(slice.position()).isEqualTo(last);
        }

        @Test
        void positionJustBeforeTheOldestKeptIsComplete() {
            StreamPosition last = appendAll("chat:a", 5, 3); // keeps 3, 4, 5

            HistorySlice slice = since("chat:a", 2, last.epoch(), 100);

            assertThat(offsets(slice)).containsExactly(3L, 4L, 5L);
            assertThat(slice.complete()).isTrue();
        }

        @Test
        void gapMakesItIncomplete() {
            StreamPosition last = appendAll("chat:a", 5, 3); // 1 and 2 were dropped

            HistorySlice fromOne = since("chat:a", 1, last.epoch(), 100);
            HistorySlice fromZero = since("chat:a", 0, last.epoch(), 100);

            assertThat(fromOne.complete()).as("offset 2 is lost").isFalse();
            assertThat(fromOne.position()).isEqualTo(last);
            assertThat(fromZero.complete()).isFalse();
        }

        @Test
        void otherEpochIsIncompleteAndEmpty() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", 1, last.epoch() + "0", 100);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.complete()).isFalse();
            assertThat(slice.position()).isEqualTo(last);
        }

        @Test
        void emptyEpochIsIncomplete() {
            appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", 0, "", 100);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.complete()).isFalse();
        }

        @Test
        void offsetFromTheFutureIsIncompleteAndEmpty() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", 4, last.epoch(), 100);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.complete()).isFalse();
            assertThat(slice.position()).isEqualTo(last);
        }

        @Test
        void negativeOffsetIsIncomplete() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            HistorySlice slice = since("chat:a", -1, last.epoch(), 100);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.complete()).isFalse();
        }

        @Test
        void positionOfAnotherChannelDoesNotRecover() {
            StreamPosition a = appendAll("chat:a", 3, 10);
            appendAll("chat:b", 3, 10);

            assertThat(since("chat:b", 1, a.epoch(), 100).complete()).isFalse();
        }
    }

    @Nested
    class Expiry {

        @Test
        void publicationsLiveUntilTheTtl() {
            appendAll("chat:a", 3, 10);
            advance(TTL.minusNanos(1));

            assertThat(offsets(newest("chat:a", 10))).containsExactly(1L, 2L, 3L);
        }

        @Test
        void expiredPublicationsAreDroppedButEpochAndOffsetKept() {
            StreamPosition last = appendAll("chat:a", 3, 10);
            advance(TTL);

            HistorySlice slice = newest("chat:a", 10);

            assertThat(slice.publications()).isEmpty();
            assertThat(slice.position()).isEqualTo(last);
        }

        @Test
        void nextAppendContinuesTheOffsetInTheSameEpoch() {
            StreamPosition last = appendAll("chat:a", 3, 10);
            advance(TTL.plusSeconds(1));

            Appended next = append("chat:a", "p4", 10);

            assertThat(next.position()).isEqualTo(new StreamPosition(4, last.epoch()));
            assertThat(offsets(newest("chat:a", 10))).containsExactly(4L);
        }

        @Test
        void recoveryAcrossExpiredPublicationsIsIncomplete() {
            StreamPosition last = appendAll("chat:a", 3, 10);
            advance(TTL);
            append("chat:a", "p4", 10);

            HistorySlice lost = since("chat:a", 1, last.epoch(), 10);
            HistorySlice upToDate = since("chat:a", 3, last.epoch(), 10);

            assertThat(lost.complete()).isFalse();
            assertThat(upToDate.complete()).isTrue();
            assertThat(offsets(upToDate)).containsExactly(4L);
        }

        @Test
        void recoveryFromTheLastOffsetAfterExpiryIsCompleteAndEmpty() {
            StreamPosition last = appendAll("chat:a", 3, 10);
            advance(TTL);

            HistorySlice slice = since("chat:a", 3, last.epoch(), 10);
            HistorySlice behind = since("chat:a", 2, last.epoch(), 10);

            assertThat(slice.complete()).isTrue();
            assertThat(slice.publications()).isEmpty();
            assertThat(behind.complete()).isFalse();
        }

        @Test
        void eachAppendExtendsTheWholeStreamsLife() {
            append("chat:a", "p1", 10);
            advance(Duration.ofSeconds(8));
            append("chat:a", "p2", 10);
            advance(Duration.ofSeconds(8)); // 16s after p1, 8s after p2

            assertThat(offsets(newest("chat:a", 10))).containsExactly(1L, 2L);

            advance(Duration.ofSeconds(2));
            assertThat(newest("chat:a", 10).publications()).isEmpty();
        }

        @Test
        void streamIsKeptForAnHourAfterExpiry() {
            StreamPosition last = appendAll("chat:a", 2, 10);
            advance(TTL.plusNanos(HOUR - 1));
            append("chat:other", "x", 10); // appends sweep

            assertThat(store.streamCount()).isEqualTo(2);
            Appended next = append("chat:a", "p3", 10);
            assertThat(next.position()).isEqualTo(new StreamPosition(3, last.epoch()));
        }

        @Test
        void anHourAfterExpiryTheStreamIsForgottenAndANewEpochStarts() {
            StreamPosition last = appendAll("chat:a", 2, 10);
            advance(TTL.plusNanos(HOUR));

            Appended next = append("chat:a", "p3", 10);

            assertThat(next.position().offset()).isEqualTo(1);
            assertThat(next.position().epoch()).isNotEqualTo(last.epoch());
            HistorySlice old = since("chat:a", 2, last.epoch(), 10);
            assertThat(old.complete()).isFalse();
            assertThat(old.position()).isEqualTo(next.position());
        }

        @Test
        void forgottenStreamsLeaveTheMap() {
            appendAll("chat:a", 2, 10);
            appendAll("chat:b", 2, 10);
            newest("chat:read-only", 10); // a read creates an empty stream too
            assertThat(store.streamCount()).isEqualTo(3);
            advance(TTL.plusNanos(HOUR));

            append("chat:c", "x", 10);

            assertThat(store.streamCount()).isEqualTo(1);
        }

        @Test
        void activeStreamsAreNeverForgotten() {
            StreamPosition first = append("chat:a", "p0", 10).position();
            for (int i = 0; i < 30; i++) {
                advance(Duration.ofMinutes(5).plus(TTL)); // history expires in between, the stream stays alive
                Appended a = append("chat:a", "p" + (i + 1), 10);
                assertThat(a.position()).isEqualTo(new StreamPosition(i + 2, first.epoch()));
            }
        }

        @Test
        void worksAcrossNanoTimeOverflow() {
            clock.set(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(5));
            InMemoryHistoryStore wrapping = new InMemoryHistoryStore(clock::get);
            StreamPosition last = now(wrapping.append("chat:a", pub("p1"), keep(10))).position();

            advance(TTL.minusSeconds(1)); // now past Long.MAX_VALUE
            assertThat(now(wrapping.read("chat:a", new HistoryQuery(null, 10))).publications()).hasSize(1);

            advance(Duration.ofSeconds(1));
            HistorySlice expired = now(wrapping.read("chat:a", new HistoryQuery(null, 10)));
            assertThat(expired.publications()).isEmpty();
            assertThat(expired.position()).isEqualTo(last);

            advance(Duration.ofNanos(HOUR));
            Appended fresh = now(wrapping.append("chat:a", pub("p2"), keep(10)));
            assertThat(fresh.position().offset()).isEqualTo(1);
            assertThat(fresh.position().epoch()).isNotEqualTo(last.epoch());
        }
    }

    @Nested
    class Remove {

        @Test
        void dropsTheStreamAndTheNextAppendStartsANewEpoch() {
            StreamPosition last = appendAll("chat:a", 3, 10);

            now(store.remove("chat:a"));

            assertThat(store.streamCount()).isZero();
            Appended next = append("chat:a", "p", 10);
            assertThat(next.position().offset()).isEqualTo(1);
            assertThat(next.position().epoch()).isNotEqualTo(last.epoch());
            HistorySlice old = since("chat:a", 3, last.epoch(), 10);
            assertThat(old.complete()).isFalse();
            assertThat(old.publications()).isEmpty();
        }

        @Test
        void leavesOtherChannelsAlone() {
            StreamPosition b = appendAll("chat:b", 2, 10);
            appendAll("chat:a", 2, 10);

            now(store.remove("chat:a"));

            assertThat(store.streamCount()).isEqualTo(1);
            HistorySlice slice = newest("chat:b", 10);
            assertThat(offsets(slice)).containsExactly(1L, 2L);
            assertThat(slice.position()).isEqualTo(b);
        }

        @Test
        void removingAnUnknownChannelIsANoOp() {
            appendAll("chat:a", 1, 10);

            now(store.remove("chat:nothing"));

            assertThat(store.streamCount()).isEqualTo(1);
        }
    }
}
