package io.switchboard.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A reconnect strategy that records how the client used it (quick full jitter underneath). */
final class RecordingDelay implements ReconnectDelay {

    private final ReconnectDelay inner;
    /** "delay:<attempt>" or "advised:<ms>", in call order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Duration> advised = new CopyOnWriteArrayList<>();

    RecordingDelay(Duration base, Duration max) {
        this.inner = new FullJitterDelay(base, 2, max);
    }

    static RecordingDelay fast() {
        return new RecordingDelay(Duration.ofMillis(100), Duration.ofMillis(1_000));
    }

    @Override
    public Duration delay(int attempt) {
        calls.add("delay:" + attempt);
        return inner.delay(attempt);
    }

    @Override
    public Duration advised(Duration serverDelay) {
        calls.add("advised:" + serverDelay.toMillis());
        advised.add(serverDelay);
        return ReconnectDelay.super.advised(serverDelay);
    }
}
