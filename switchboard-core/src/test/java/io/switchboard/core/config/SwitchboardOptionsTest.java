package io.switchboard.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class SwitchboardOptionsTest {

    private static final String KEY = "0123456789abcdef"; // 16 characters, the minimum

    private static NamespaceOptions ns(String name) {
        return new NamespaceOptions(name, SubscribePolicy.AUTHENTICATED, false, false, false, 0, null);
    }

    private static void assertKey(Runnable construct, String key) {
        assertThatThrownBy(construct::run)
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                });
    }

    @Test
    void defaultsAreValid() {
        SwitchboardOptions d = SwitchboardOptions.defaults();

        assertThat(d.nodeId()).matches("node-[0-9a-f]{8}");
        assertThat(d.transport()).isEqualTo(TransportOptions.defaults());
        assertThat(d.limits()).isEqualTo(LimitOptions.defaults());
        assertThat(d.namespaces()).containsExactly(NamespaceOptions.chatDefaults());
        assertThat(d.apiKey()).isNull();
        assertThat(d.drainPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nullsTakeDefaults() {
        SwitchboardOptions o = new SwitchboardOptions(null, null, null, null, null, null);

        assertThat(o.nodeId()).startsWith("node-");
        assertThat(o.transport()).isEqualTo(TransportOptions.defaults());
        assertThat(o.limits()).isEqualTo(LimitOptions.defaults());
        assertThat(o.namespaces()).isEmpty();
        assertThat(o.drainPeriod()).isEqualTo(SwitchboardOptions.DEFAULT_DRAIN_PERIOD);
    }

    @Test
    void blankNodeIdIsGeneratedAndUnique() {
        SwitchboardOptions a = new SwitchboardOptions("  ", null, null, null, null, null);
        SwitchboardOptions b = new SwitchboardOptions("", null, null, null, null, null);

        assertThat(a.nodeId()).startsWith("node-").isNotEqualTo(b.nodeId());
        assertThat(new SwitchboardOptions("edge-1", null, null, null, null, null).nodeId()).isEqualTo("edge-1");
    }

    @Test
    void duplicateNamespaceIsNamed() {
        assertKey(() -> SwitchboardOptions.defaults().withNamespaces(List.of(ns("a"), ns("b"), ns("a"))), "namespaces");
        assertThatThrownBy(() -> SwitchboardOptions.defaults().withNamespaces(List.of(ns("a"), ns("a"))))
                .hasMessageContaining("'a'");
    }

    @Test
    void namespacesDifferingOnlyInCaseAreDistinct() {
        SwitchboardOptions o = SwitchboardOptions.defaults().withNamespaces(List.of(ns("a"), ns("A")));

        assertThat(o.namespace("a")).contains(ns("a"));
        assertThat(o.namespace("A")).contains(ns("A"));
    }

    @Test
    void namespaceLookup() {
        SwitchboardOptions o = SwitchboardOptions.defaults().withNamespaces(List.of(ns("team"), NamespaceOptions.chatDefaults()));

        assertThat(o.namespace("team")).contains(ns("team"));
        assertThat(o.namespace("chat")).contains(NamespaceOptions.chatDefaults());
        assertThat(o.namespace("nope")).isEmpty();
        assertThat(o.namespace("")).isEmpty();
    }

    @Test
    void namespacesAreCopiedAndImmutable() {
        List<NamespaceOptions> list = new ArrayList<>(List.of(ns("a")));
        SwitchboardOptions o = SwitchboardOptions.defaults().withNamespaces(list);

        list.add(ns("b"));

        assertThat(o.namespaces()).containsExactly(ns("a"));
        assertThatThrownBy(() -> o.namespaces().add(ns("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void apiKeyMustBeSixteenCharactersOrMore() {
        assertKey(() -> SwitchboardOptions.defaults().withApiKey(KEY.substring(1)), "api_key");
        assertKey(() -> SwitchboardOptions.defaults().withApiKey(""), "api_key");
        assertThat(SwitchboardOptions.defaults().withApiKey(KEY).apiKey()).isEqualTo(KEY);
        assertThat(SwitchboardOptions.defaults().withApiKey(null).apiKey()).isNull();
    }

    @Test
    void negativeDrainPeriodIsRejected() {
        assertKey(() -> SwitchboardOptions.defaults().withDrainPeriod(Duration.ofMillis(-1)), "drain_period");
        assertThat(SwitchboardOptions.defaults().withDrainPeriod(Duration.ZERO).drainPeriod()).isZero();
        assertThat(SwitchboardOptions.defaults().withDrainPeriod(null).drainPeriod())
                .isEqualTo(SwitchboardOptions.DEFAULT_DRAIN_PERIOD);
    }

    @Test
    void withersKeepTheOtherComponents() {
        SwitchboardOptions base = new SwitchboardOptions("n1", null, null, List.of(ns("a")), KEY, Duration.ofSeconds(9));
        TransportOptions t = TransportOptions.defaults().withPort(9999);

        SwitchboardOptions changed = base.withTransport(t);

        assertThat(changed.transport()).isEqualTo(t);
        assertThat(changed.nodeId()).isEqualTo("n1");
        assertThat(changed.namespaces()).containsExactly(ns("a"));
        assertThat(changed.apiKey()).isEqualTo(KEY);
        assertThat(changed.drainPeriod()).isEqualTo(Duration.ofSeconds(9));
        assertThat(base.transport()).isEqualTo(TransportOptions.defaults());
        assertThat(base.withLimits(LimitOptions.defaults()).nodeId()).isEqualTo("n1");
    }

    @Test
    void toStringRedactsTheApiKey() {
        SwitchboardOptions o = SwitchboardOptions.defaults().withApiKey("super-secret-key-1234");

        assertThat(o.toString()).doesNotContain("super-secret-key-1234").contains("apiKey=<redacted>");
        assertThat(SwitchboardOptions.defaults().toString()).contains("apiKey=none");
    }
}
