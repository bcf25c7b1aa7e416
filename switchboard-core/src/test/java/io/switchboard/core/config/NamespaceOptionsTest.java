package io.switchboard.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class NamespaceOptionsTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static NamespaceOptions ns(String name, SubscribePolicy policy, int size, Duration ttl) {
        return new NamespaceOptions(name, policy, true, true, true, size, ttl);
    }

    private static void assertKey(Runnable construct, String key) {
        assertThatThrownBy(construct::run)
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                });
    }

    @Test
    void chatDefaultsAreValidAndDocumented() {
        NamespaceOptions chat = NamespaceOptions.chatDefaults();

        assertThat(chat.name()).isEqualTo("chat");
        assertThat(chat.subscribe()).isEqualTo(SubscribePolicy.AUTHENTICATED);
        assertThat(chat.publish()).isTrue();
        assertThat(chat.presence()).isTrue();
        assertThat(chat.joinLeave()).isTrue();
        assertThat(chat.historySize()).isEqualTo(100);
        assertThat(chat.historyTtl()).isEqualTo(TEN_MINUTES);
        assertThat(chat.keepsHistory()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "chat", "Team_A.1-x", "0", "_", "-", "."})
    void acceptsNames(String name) {
        assertThat(ns(name, SubscribePolicy.CLAIM, 0, null).name()).isEqualTo(name);
    }

    @Test
    void acceptsSixtyFourCharacterName() {
        String name = "n".repeat(64);
        assertThat(ns(name, SubscribePolicy.CLAIM, 0, null).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"chat:x", "my chat", "chat/", "caf\u00e9", "#chat", "a*", "chat\n"})
    void rejectsNamesUnderTheNamespacesKey(String name) {
        assertKey(() -> ns(name, SubscribePolicy.AUTHENTICATED, 0, null), "namespaces");
    }

    @Test
    void rejectsSixtyFiveCharacterName() {
        assertKey(() -> ns("n".repeat(65), SubscribePolicy.AUTHENTICATED, 0, null), "namespaces");
    }

    @Test
    void invalidNameIsQuotedInTheMessage() {
        assertThatThrownBy(() -> ns("bad name", SubscribePolicy.AUTHENTICATED, 0, null))
                .hasMessageContaining("'bad name'");
    }

    @Test
    void subscribePolicyIsRequired() {
        assertKey(() -> ns("team", null, 0, null), "namespaces.team.subscribe");
    }

    @Test
    void historySizeBounds() {
        assertKey(() -> ns("team", SubscribePolicy.AUTHENTICATED, -1, TEN_MINUTES), "namespaces.team.history_size");
        assertKey(() -> ns("team", SubscribePolicy.AUTHENTICATED, NamespaceOptions.MAX_HISTORY_SIZE + 1, TEN_MINUTES),
                "namespaces.team.history_size");
        assertThat(ns("team", SubscribePolicy.AUTHENTICATED, NamespaceOptions.MAX_HISTORY_SIZE, TEN_MINUTES)
                .historySize()).isEqualTo(10_000);
    }

    @Test
    void negativeTtlIsRejected() {
        assertKey(() -> ns("team", SubscribePolicy.AUTHENTICATED, 0, Duration.ofSeconds(-1)),
                "namespaces.team.history_ttl");
    }

    @Test
    void historyNeedsAPositiveTtl() {
        assertKey(() -> ns("team", SubscribePolicy.AUTHENTICATED, 1, Duration.ZERO), "namespaces.team.history_ttl");
        assertKey(() -> ns("team", SubscribePolicy.AUTHENTICATED, 1, null), "namespaces.team.history_ttl");
        assertThat(ns("team", SubscribePolicy.AUTHENTICATED, 1, Duration.ofNanos(1)).keepsHistory()).isTrue();
    }

    @Test
    void noHistoryAllowsAMissingTtlAndDefaultsItToZero() {
        NamespaceOptions o = ns("team", SubscribePolicy.PERSONAL, 0, null);

        assertThat(o.historyTtl()).isEqualTo(Duration.ZERO);
        assertThat(o.keepsHistory()).isFalse();
    }

    @Test
    void noHistoryWithATtlIsFine() {
        assertThat(ns("team", SubscribePolicy.PERSONAL, 0, TEN_MINUTES).keepsHistory()).isFalse();
    }
}
