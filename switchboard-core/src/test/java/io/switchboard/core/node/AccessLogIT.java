package io.switchboard.core.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code switchboard.access} lines a real node writes for a connection. */
@Timeout(30)
class AccessLogIT {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger("switchboard.access");

    @BeforeEach
    void capture() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
    }

    @Test
    void theCloseLineSaysWhoFromWhereForHowLongAndHowMuch() {
        try (Switchboard node = TestNode.start()) {
            String clientId;
            // Braces in a user id are text, not placeholders.
            try (TestClient c = TestClient.connect(node.port(), token("al{}ice"), Codecs.JSON)) {
                clientId = c.awaitPush(Push.Connected.class).client();
                assertThat(c.call(new Command.Subscribe(c.nextId(), "chat:lobby", false, 0, null)).error()).isNull();
                assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> closeLines().size() == 1);
            String line = closeLines().get(0);
            assertThat(line).matches("ws close client=" + clientId.replace("-", "\\-")
                    + " user=al\\{}ice remote=127\\.0\\.0\\.1 subprotocol=switchboard\\.v1\\.json"
                    + " duration_ms=\\d+ code=1000 in=2 out=4"); // connected, join, two replies
        }
    }

    private List<String> closeLines() {
        synchronized (lines.list) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("ws close")).toList();
        }
    }
}
