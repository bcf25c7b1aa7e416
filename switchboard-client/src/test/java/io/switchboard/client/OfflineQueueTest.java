package io.switchboard.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class OfflineQueueTest {

    @Test
    void keepsOrderUpToItsBound() {
        OfflineQueue<String> q = new OfflineQueue<>(2);
        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).isTrue();
        assertThat(q.offer("c")).isFalse();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.drain()).containsExactly("a", "b");
        assertThat(q.size()).isZero();
        assertThat(q.offer("c")).isTrue();
    }

    @Test
    void anItemCanLeaveEarly() {
        OfflineQueue<String> q = new OfflineQueue<>(3);
        q.offer("a");
        q.offer("b");
        assertThat(q.remove("a")).isTrue();
        assertThat(q.remove("a")).isFalse();
        assertThat(q.drain()).containsExactly("b");
    }

    @Test
    void needsRoomForOne() {
        assertThatThrownBy(() -> new OfflineQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
