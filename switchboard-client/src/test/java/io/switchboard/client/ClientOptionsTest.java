package io.switchboard.client;

import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ClientOptionsTest {

    @Test
    void defaultsAreTheNamedConstants() {
        ClientOptions o = ClientOptions.withToken("t");
        assertThat(o.codec()).isSameAs(Codecs.JSON);
        assertThat(o.minReconnectDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.reconnectBackoffFactor()).isEqualTo(2.0);
        assertThat(o.heartbeatInterval()).isEqualTo(ClientOptions.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(o.maxMissedHeartbeats()).isEqualTo(ClientOptions.DEFAULT_MAX_MISSED_HEARTBEATS);
        assertThat(o.offlineQueue()).isTrue();
        assertThat(o.offlineQueueSize()).isEqualTo(ClientOptions.DEFAULT_OFFLINE_QUEUE_SIZE);
        assertThat(o.callbackExecutor()).isNull();
        assertThat(o.httpClient()).isNull();
        assertThat(o.reconnectStrategy()).isInstanceOf(FullJitterDelay.class);
        assertThat(((FullJitterDelay) o.reconnectStrategy()).upperBound(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(((FullJitterDelay) o.reconnectStrategy()).upperBound(99)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theBackoffOptionsShapeTheDefaultStrategyAndACustomOneReplacesIt() {
        ClientOptions o = ClientOptions.builder().token("t").minReconnectDelay(Duration.ofSeconds(1))
                .reconnectBackoffFactor(3).maxReconnectDelay(Duration.ofSeconds(30)).build();
        assertThat(((FullJitterDelay) o.reconnectStrategy()).upperBound(2)).isEqualTo(Duration.ofSeconds(9));
        ReconnectDelay fixed = attempt -> Duration.ofSeconds(1);
        assertThat(o.toBuilder().reconnectDelay(fixed).build().reconnectStrategy()).isSameAs(fixed);
    }

    @Test
    void aTokenOrASupplierIsRequired() {
        assertThatThrownBy(() -> ClientOptions.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
        assertThat(ClientOptions.builder().tokenSupplier(() -> CompletableFuture.completedFuture("t")).build().token()).isNull();
    }

    @Test
    void rejectsValuesItCannotHonour() {
        ClientOptions.Builder b = ClientOptions.withToken("t").toBuilder();
        assertThatThrownBy(() -> b.minReconnectDelay(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().minReconnectDelay(Duration.ofSeconds(30)).build())
                .hasMessageContaining("maxReconnectDelay");
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().reconnectBackoffFactor(0.9).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().maxMissedHeartbeats(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().offlineQueueSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().requestTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.withToken("t").toBuilder().codec(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void theTokenNeverAppearsInToString() {
        assertThat(ClientOptions.withToken("secret-token").toString()).doesNotContain("secret-token").contains("<redacted>");
    }

    @Test
    void toBuilderRoundTrips() {
        ClientOptions o = ClientOptions.builder().token("t").codec(Codecs.PROTOBUF).offlineQueue(false)
                .heartbeatInterval(Duration.ofSeconds(3)).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }
}
