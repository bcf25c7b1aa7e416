package io.switchboard.server.warmup;

import io.switchboard.core.config.ConfigException;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warm-up's options and how it shapes its traffic to the node's limits and namespaces. */
class WarmupPlanTest {

    @Test
    void optionsNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> new WarmupOptions(true, 0, 4, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.connections: must be between 1 and 8000");
        assertThatThrownBy(() -> new WarmupOptions(true, 8_001, 4, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("file descriptors");
        assertThatThrownBy(() -> new WarmupOptions(true, 10, 0, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.rounds:");
        assertThatThrownBy(() -> new WarmupOptions(true, 10, 101, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.rounds:");
        assertThatThrownBy(() -> new WarmupOptions(true, 10, 1, Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.max_time:");
        assertThat(WarmupOptions.disabled().enabled()).isFalse();
    }

    @Test
    void roundsStayWithinTheNodesConnectionLimit() {
        WarmupOptions fiveThousand = new WarmupOptions(true, 5_000, 4, Duration.ofSeconds(60));
        assertThat(NodeWarmup.connectionsPerRound(fiveThousand, LimitOptions.defaults())).isEqualTo(5_000);
        assertThat(NodeWarmup.connectionsPerRound(fiveThousand, limits(300, 20_000, 2_000))).isEqualTo(300);
    }

    @Test
    void sourceAddressesKeepEachUnderHalfOfItsPerAddressLimits() {
        // defaults: 20,000 per address, burst 2,000: 1,000 per address
        assertThat(NodeWarmup.sourceAddresses(5_000, LimitOptions.defaults())).isEqualTo(5);
        assertThat(NodeWarmup.sourceAddresses(1, LimitOptions.defaults())).isEqualTo(1);
        assertThat(NodeWarmup.sourceAddresses(5_000, limits(19_000, 100, 2_000))).isEqualTo(100);
        assertThat(NodeWarmup.sourceAddresses(5_000, limits(19_000, 1, 1))).isEqualTo(NodeWarmup.MAX_SOURCE_ADDRESSES);
    }

    @Test
    void channelsComeFromNamespacesItsTokensMaySubscribeTo() {
        NamespaceOptions personal = new NamespaceOptions("user", SubscribePolicy.PERSONAL, true, false, false, 0, null);
        NamespaceOptions plain = new NamespaceOptions("live", SubscribePolicy.AUTHENTICATED, true, false, false, 0, null);
        NamespaceOptions secondPlain = new NamespaceOptions("more", SubscribePolicy.AUTHENTICATED, true, false, false, 0, null);
        NamespaceOptions claimWithHistory = new NamespaceOptions("news", SubscribePolicy.CLAIM, false, false, false, 10,
                Duration.ofMinutes(1));

        assertThat(NodeWarmup.channels(node(personal, plain, secondPlain, claimWithHistory), 200, "ab12")).containsExactly(
                new WarmupRound.Channel("live:warmup-ab12-0", true, false),
                new WarmupRound.Channel("live:warmup-ab12-xxxx1", true, false),
                new WarmupRound.Channel("live:warmup-ab12-xxxxxxxx2", true, false),
                new WarmupRound.Channel("live:warmup-ab12-xxxxxxxxxxxx3", true, false),
                new WarmupRound.Channel("news:warmup-ab12-0", false, true),
                new WarmupRound.Channel("news:warmup-ab12-xxxx1", false, true),
                new WarmupRound.Channel("news:warmup-ab12-xxxxxxxx2", false, true),
                new WarmupRound.Channel("news:warmup-ab12-xxxxxxxxxxxx3", false, true));
        assertThat(NodeWarmup.channels(node(personal), 200, "ab12")).isEmpty();
    }

    @Test
    void aJoinLeaveChannelGetsAtMost250OfARoundsConnections() {
        NamespaceOptions chat = NamespaceOptions.chatDefaults(); // history, presence, join/leave
        NamespaceOptions live = new NamespaceOptions("live", SubscribePolicy.AUTHENTICATED, true, false, false, 0, null);
        assertThat(NodeWarmup.channels(node(live), 5_000, "s")).hasSize(4);
        assertThat(NodeWarmup.channels(node(chat), 5_000, "s")).hasSize(20);
        assertThat(NodeWarmup.channels(node(chat, live), 5_000, "s")).hasSize(4 + 10);
        assertThat(NodeWarmup.channels(node(chat, live), 5_001, "s")).hasSize(4 + 11);
        assertThat(NodeWarmup.channels(node(chat), 8_000, "s")).hasSize(32)
                .extracting(WarmupRound.Channel::name).doesNotHaveDuplicates();
    }

    @Test
    void channelNamesStayWithinTheNodesLengthLimit() {
        NamespaceOptions live = new NamespaceOptions("live", SubscribePolicy.AUTHENTICATED, true, false, false, 0, null);
        SwitchboardOptions shortNames = new SwitchboardOptions("n", null, limits(19_000, 20_000, 2_000, 20),
                List.of(live), null, null);
        // "live:warmup-ab12-" is 17 characters: room for the index and at most 2 of padding
        assertThat(NodeWarmup.channels(shortNames, 200, "ab12")).extracting(WarmupRound.Channel::name)
                .containsExactly("live:warmup-ab12-0", "live:warmup-ab12-xx1", "live:warmup-ab12-xx2", "live:warmup-ab12-xx3");
        SwitchboardOptions tooShort = new SwitchboardOptions("n", null, limits(19_000, 20_000, 2_000, 10),
                List.of(live), null, null);
        assertThat(NodeWarmup.channels(tooShort, 200, "ab12")).isEmpty();
    }

    @Test
    void theSummaryIsOneLine() {
        assertThat(new WarmupReport(2, 10_000, 400_000, Duration.ofMillis(6_250), 3_100, "all 2 rounds done").summary())
                .isEqualTo("2 rounds, 10000 handshakes, 400000 deliveries in 6.3 s (JIT compilers 3.1 s); all 2 rounds done");
        assertThat(new WarmupReport(1, 5, 0, Duration.ofMillis(100), -1, "x").summary())
                .isEqualTo("1 round, 5 handshakes, 0 deliveries in 0.1 s; x");
    }

    private static LimitOptions limits(int maxConnections, int perIp, int burst) {
        return limits(maxConnections, perIp, burst, LimitOptions.DEFAULT_MAX_CHANNEL_LENGTH);
    }

    private static LimitOptions limits(int maxConnections, int perIp, int burst, int maxChannelLength) {
        LimitOptions d = LimitOptions.defaults();
        return new LimitOptions(maxConnections, perIp, d.handshakeRatePerIp(), burst, d.maxSubscriptions(),
                maxChannelLength, d.commandRate(), d.commandBurst(), d.maxRejectedCommands());
    }

    private static SwitchboardOptions node(NamespaceOptions... namespaces) {
        return new SwitchboardOptions("n", null, null, List.of(namespaces), null, null);
    }
}
