package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(10)
class PendingRequestsTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Loop loop = new Loop(timers, timers); // one thread: confinement holds
    private final PendingRequests pending = new PendingRequests(loop);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** Records what a handler was told. */
    static final class Seen implements ReplyHandler {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onReply(Reply reply) {
            events.add(reply);
        }

        @Override
        public void onFailure(SwitchboardException error) {
            events.add(error.code());
        }
    }

    private void onLoop(Runnable r) {
        loop.execute(r);
    }

    @Test
    void repliesFindTheirCommandByIdAndIdsNeverRepeat() {
        Seen a = new Seen();
        Seen b = new Seen();
        long[] ids = new long[2];
        onLoop(() -> {
            ids[0] = pending.register(a, null);
            ids[1] = pending.register(b, null);
            pending.complete(Reply.ok(ids[1], Result.Empty.INSTANCE));
            pending.complete(Reply.error(ids[0], ErrorCode.PERMISSION_DENIED));
            pending.complete(Reply.ok(ids[0], Result.Empty.INSTANCE)); // late duplicate: ignored
        });
        await().until(() -> a.events.size() == 1 && b.events.size() == 1);
        assertThat(ids[1]).isGreaterThan(ids[0]);
        assertThat(((Reply) a.events.get(0)).error().code()).isEqualTo(103);
        assertThat(((Reply) b.events.get(0)).result()).isEqualTo(Result.Empty.INSTANCE);
    }

    @Test
    void aCommandWithATimeoutFailsWhenNoReplyComes() {
        Seen a = new Seen();
        onLoop(() -> pending.register(a, Duration.ofMillis(50)));
        await().until(() -> a.events.size() == 1);
        assertThat(a.events).containsExactly(ClientErrorCode.TIMEOUT.code());
    }

    @Test
    void losingTheConnectionFailsEveryPendingCommand() {
        Seen a = new Seen();
        Seen b = new Seen();
        onLoop(() -> {
            pending.register(a, Duration.ofSeconds(30));
            pending.register(b, null);
            pending.failAll(SwitchboardException.of(ClientErrorCode.CONNECTION_LOST));
        });
        await().until(() -> a.events.size() == 1 && b.events.size() == 1);
        assertThat(a.events).containsExactly(ClientErrorCode.CONNECTION_LOST.code());
        CompletableFuture<Integer> size = new CompletableFuture<>();
        onLoop(() -> size.complete(pending.size()));
        assertThat(size).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0);
    }
}
