package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A slow network (200 ms per chunk each way): requests still complete, in order, and nothing is duplicated. */
@Timeout(60)
class SlowNetworkIT {

    @Test
    void requestsCompleteAndOrderingHoldsOverALaggyLink() throws Exception {
        Switchboard node = Nodes.start();
        try (TcpProxy proxy = new TcpProxy(node.port())) {
            proxy.latency(Duration.ofMillis(200));
            SubscriptionEvents sub = new SubscriptionEvents();
            ClientOptions options = Nodes.fast(SimpleTokenVerifier.token("quinn"))
                    .requestTimeout(Duration.ofSeconds(20))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(proxy.port()), options)) {
                Subscription s = c.subscribe("chat:slow", SubscribeOptions.defaults(), sub);
                c.connect().get(20, TimeUnit.SECONDS);
                s.whenSubscribed().get(20, TimeUnit.SECONDS);

                List<CompletableFuture<StreamPosition>> calls = new ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    calls.add(c.publish("chat:slow", "{\"seq\":" + i + "}")); // all in flight at once
                }
                CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);

                List<Long> replyOffsets = calls.stream().map(f -> f.join().offset()).collect(Collectors.toList());
                assertThat(replyOffsets).as("commands reach the node in call order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().collect(Collectors.toList()));
                await().atMost(Duration.ofSeconds(20)).until(() -> sub.publications.size() == 10);
                assertThat(sub.offsets()).containsExactlyElementsOf(replyOffsets);
                assertThat(sub.texts()).first().isEqualTo("{\"seq\":1}");
                assertThat(sub.texts()).last().isEqualTo("{\"seq\":10}");
                assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
            }
        } finally {
            Nodes.shutdown(node);
        }
    }
}
