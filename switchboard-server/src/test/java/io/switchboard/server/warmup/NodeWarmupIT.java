package io.switchboard.server.warmup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.auth.JwtTokenVerifier;
import io.switchboard.server.auth.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up against a real node with real JWTs, through its loopback port, before the node listens. */
@Timeout(120)
class NodeWarmupIT {

    static final String SECRET = "an-hmac-secret-of-at-least-32-bytes!!";
    /** Issuer and audience, so that the warm-up's tokens must carry them too. */
    static final JwtOptions JWT = new JwtOptions(SECRET, null, null, "clients", "issuer.example", null, null);
    static final WarmupOptions TWO_SMALL_ROUNDS = new WarmupOptions(true, 200, 2, Duration.ofSeconds(60));

    @Test
    void warmsTheNodeThroughItsOwnPathsAndLeavesNothingBehind() throws Exception {
        Level accessLevel = access().getLevel();
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JWT);
             Switchboard node = Switchboard.builder().options(TestNode.options()).tokenVerifier(verifier).build()) {
            WarmupReport report = new NodeWarmup(TWO_SMALL_ROUNDS, TestNode.options(), TokenMinter.forOptions(JWT),
                    () -> false).run(node);

            assertThat(report.rounds()).isBetween(1, 2);
            assertThat(report.stoppedBecause()).matches("all 2 rounds done|the compilers fell quiet.*");
            assertThat(report.handshakes()).isEqualTo(200L * report.rounds());
            // four live:warmup-* (no history) and four chat:warmup-* (history), 25 subscribers each: 20
            // publications from the API into each, and one from each of 20 clients into its own channel
            assertThat(report.deliveries()).isEqualTo((20 * 25 * 8 + 20 * 25) * (long) report.rounds());
            assertThat(report.compileMillis()).isPositive();
            assertThat(node.connectionCount()).isZero();
            assertThat(node.api().channels()).isEmpty();
            assertThat(access().getLevel()).as("access lines are back").isEqualTo(accessLevel);

            node.start();
            String token = TokenMinter.forOptions(JWT).mint("alice", null, Duration.ofMinutes(5), null);
            try (TestClient c = TestClient.connect(node.port(), token, Codecs.JSON)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("alice");
                assertThat(c.call(new Command.Subscribe(c.nextId(), "live:after", false, 0, null)).error()).isNull();
            }
        }
    }

    @Test
    void aWarmupWhoseTokensAreRefusedEndsSayingSoAndTheNodeStartsAllTheSame() throws Exception {
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JWT);
             Switchboard node = Switchboard.builder().options(TestNode.options()).tokenVerifier(verifier).build()) {
            TokenMinter wrongKey = new TokenMinter("another-secret-of-at-least-32-bytes!!!");
            WarmupReport report = new NodeWarmup(TWO_SMALL_ROUNDS, TestNode.options(), wrongKey, () -> false).run(node);

            assertThat(report.rounds()).isZero();
            assertThat(report.stoppedBecause()).isEqualTo("stopped early: 200 of 200 warm-up handshakes failed");
            assertThat(node.connectionCount()).isZero();
            node.start();
            String token = TokenMinter.forOptions(JWT).mint("alice", null, Duration.ofMinutes(5), null);
            try (TestClient c = TestClient.connect(node.port(), token, Codecs.JSON)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("alice");
            }
        }
    }

    @Test
    void aStopRequestEndsItBeforeTheNextRound() throws Exception {
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JWT);
             Switchboard node = Switchboard.builder().options(TestNode.options()).tokenVerifier(verifier).build()) {
            WarmupReport report = new NodeWarmup(TWO_SMALL_ROUNDS, TestNode.options(), TokenMinter.forOptions(JWT),
                    () -> true).run(node);
            assertThat(report.rounds()).isZero();
            assertThat(report.stoppedBecause()).isEqualTo("stop requested");
        }
    }

    @Test
    void withoutAChannelItsTokensMaySubscribeToItOnlyConnectsAndPings() throws Exception {
        var options = TestNode.options();
        var personalOnly = new io.switchboard.core.config.SwitchboardOptions(options.nodeId(), options.transport(),
                options.limits(), List.of(TestNode.namespaces().get(2)), null, Duration.ZERO);
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JWT);
             Switchboard node = Switchboard.builder().options(personalOnly).tokenVerifier(verifier).build()) {
            WarmupReport report = new NodeWarmup(new WarmupOptions(true, 50, 1, Duration.ofSeconds(60)), personalOnly,
                    TokenMinter.forOptions(JWT), () -> false).run(node);
            assertThat(report.rounds()).isEqualTo(1);
            assertThat(report.handshakes()).isEqualTo(50);
            assertThat(report.deliveries()).isZero();
        }
    }

    private static Logger access() {
        return (Logger) LoggerFactory.getLogger(QuietLogs.ACCESS_LOGGER);
    }
}
