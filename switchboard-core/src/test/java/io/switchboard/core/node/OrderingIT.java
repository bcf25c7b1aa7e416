package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent publishers on different event loops: every subscriber sees offsets 1..N in order, none missing. */
@Timeout(60)
class OrderingIT {

    @Test
    void concurrentPublishersProduceOneGapFreeOrderForEverySubscriber() {
        int publishers = 3;
        int each = 30; // under the default command burst, so no publish is refused
        try (Switchboard node = TestNode.start()) {
            List<TestClient> subscribers = List.of(
                    TestClient.connect(node.port(), token("s1"), Codecs.JSON),
                    TestClient.connect(node.port(), token("s2"), Codecs.PROTOBUF),
                    TestClient.connect(node.port(), token("s3"), Codecs.JSON));
            for (TestClient s : subscribers) {
                assertThat(s.call(new Command.Subscribe(s.nextId(), "chat:order", false, 0, null)).error()).isNull();
            }
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                TestClient pub = TestClient.connect(node.port(), token("p" + p), p % 2 == 0 ? Codecs.JSON : Codecs.PROTOBUF);
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        pub.send(new Command.Publish(i + 1, "chat:order", Payload.ofJson(Integer.toString(i))));
                    }
                    for (int i = 0; i < each; i++) {
                        assertThat(pub.awaitReply(i + 1).error()).isNull();
                    }
                    pub.close();
                }));
            }
            runs.forEach(CompletableFuture::join);
            for (TestClient s : subscribers) {
                List<Long> offsets = new ArrayList<>();
                for (int i = 0; i < publishers * each; i++) {
                    offsets.add(s.awaitPush(Push.PublicationPush.class).publication().offset());
                }
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).isEqualTo(i + 1L);
                }
                s.close();
            }
        }
    }
}
