package io.switchboard.core.hub;

import io.switchboard.core.auth.Claims;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.protocol.ErrorCode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ChannelAccessTest {

    private static final int MAX_LENGTH = 20;

    private static final NamespaceOptions OPEN = ns("open", SubscribePolicy.AUTHENTICATED, true);
    private static final NamespaceOptions READ_ONLY = ns("ro", SubscribePolicy.AUTHENTICATED, false);
    private static final NamespaceOptions CLAIM = ns("claim", SubscribePolicy.CLAIM, true);
    private static final NamespaceOptions CLAIM_RO = ns("claimro", SubscribePolicy.CLAIM, false);
    private static final NamespaceOptions PERSONAL = ns("personal", SubscribePolicy.PERSONAL, true);
    private static final NamespaceOptions PERSONAL_RO = ns("personalro", SubscribePolicy.PERSONAL, false);

    private final ChannelAccess access = new ChannelAccess(SwitchboardOptions.defaults()
            .withLimits(limitsWithMaxChannelLength(MAX_LENGTH))
            .withNamespaces(List.of(OPEN, READ_ONLY, CLAIM, CLAIM_RO, PERSONAL, PERSONAL_RO)));

    private static NamespaceOptions ns(String name, SubscribePolicy policy, boolean publish) {
        return new NamespaceOptions(name, policy, publish, false, false, 0, Duration.ZERO);
    }

    private static LimitOptions limitsWithMaxChannelLength(int max) {
        LimitOptions d = LimitOptions.defaults();
        return new LimitOptions(d.maxConnections(), d.maxConnectionsPerIp(), d.handshakeRatePerIp(),
                d.handshakeBurstPerIp(), d.maxSubscriptions(), max, d.commandRate(), d.commandBurst(),
                d.maxRejectedCommands());
    }

    private static ChannelName channel(String full) {
        ChannelName name = ChannelName.parse(full);
        assertThat(name).as("test channel %s", full).isNotNull();
        return name;
    }

    private static Claims user(String user, String... channelPatterns) {
        return new Claims(user, null, List.of(channelPatterns), null);
    }

    @Nested
    class Resolve {

        @Test
        void resolvesAKnownNamespace() {
            ChannelAccess.Resolved r = access.resolve("open:lobby");

            assertThat(r.ok()).isTrue();
            assertThat(r.error()).isNull();
            assertThat(r.channel()).isEqualTo(new ChannelName("open:lobby", "open", "lobby"));
            assertThat(r.namespace()).isSameAs(OPEN);
        }

        @Test
        void nullIsABadRequest() {
            assertError(access.resolve(null), ErrorCode.BAD_REQUEST);
        }

        @Test
        void emptyIsABadRequest() {
            assertError(access.resolve(""), ErrorCode.BAD_REQUEST);
        }

        @Test
        void exactlyTheMaximumLengthIsAccepted() {
            String channel = "open:" + "x".repeat(MAX_LENGTH - "open:".length());
            assertThat(channel).hasSize(MAX_LENGTH);

            assertThat(access.resolve(channel).ok()).isTrue();
        }

        @Test
        void oneCharacterOverTheMaximumIsALimitError() {
            String channel = "open:" + "x".repeat(MAX_LENGTH - "open:".length() + 1);

            ChannelAccess.Resolved r = access.resolve(channel);

            assertError(r, ErrorCode.LIMIT_EXCEEDED);
            assertThat(r.error().message()).contains(String.valueOf(MAX_LENGTH));
        }

        @ParameterizedTest
        @ValueSource(strings = {"open", "open:", ":lobby", "open:lob by", "open:caf\u00e9", "open:\tx"})
        void badSyntaxIsABadRequest(String channel) {
            assertError(access.resolve(channel), ErrorCode.BAD_REQUEST);
        }

        @Test
        void unknownNamespaceIsNamed() {
            ChannelAccess.Resolved r = access.resolve("nope:lobby");

            assertError(r, ErrorCode.UNKNOWN_CHANNEL);
            assertThat(r.error().message()).contains("'nope'");
        }

        @Test
        void namespacesAreCaseSensitive() {
            assertError(access.resolve("OPEN:lobby"), ErrorCode.UNKNOWN_CHANNEL);
        }

        @Test
        void namespacePrefixOfAKnownOneIsUnknown() {
            assertError(access.resolve("ope:lobby"), ErrorCode.UNKNOWN_CHANNEL);
            assertError(access.resolve("openx:lobby"), ErrorCode.UNKNOWN_CHANNEL);
        }

        private void assertError(ChannelAccess.Resolved r, ErrorCode code) {
            assertThat(r.ok()).isFalse();
            assertThat(r.channel()).isNull();
            assertThat(r.namespace()).isNull();
            assertThat(r.error().code()).isEqualTo(code.code());
            assertThat(r.error().temporary()).isFalse();
        }
    }

    @Nested
    class Authenticated {

        @Test
        void anyUserMaySubscribe() {
            assertThat(access.maySubscribe(user("alice"), channel("open:lobby"), OPEN)).isTrue();
            assertThat(access.maySubscribe(user("bob"), channel("open:lobby"), OPEN)).isTrue();
        }

        @Test
        void personalChannelOnlyForItsOwner() {
            assertThat(access.maySubscribe(user("alice"), channel("open:#alice"), OPEN)).isTrue();
            assertThat(access.maySubscribe(user("bob"), channel("open:#alice"), OPEN)).isFalse();
        }

        @Test
        void personalOwnerIsCaseSensitive() {
            assertThat(access.maySubscribe(user("alice"), channel("open:#Alice"), OPEN)).isFalse();
        }

        @Test
        void personalOwnerMustMatchExactlyNotByPrefix() {
            assertThat(access.maySubscribe(user("alice"), channel("open:#alice2"), OPEN)).isFalse();
            assertThat(access.maySubscribe(user("alice2"), channel("open:#alice"), OPEN)).isFalse();
        }

        @Test
        void aBareHashIsNotPersonal() {
            assertThat(access.maySubscribe(user("bob"), channel("open:#"), OPEN)).isTrue();
        }

        @Test
        void claimsDoNotOpenSomeoneElsesPersonalChannel() {
            assertThat(access.maySubscribe(user("bob", "*", "open:#alice"), channel("open:#alice"), OPEN)).isFalse();
        }
    }

    @Nested
    class Claim {

        private final Claims teams = user("carol", "claim:team-*", "claim:exact", "claim:?x");

        @Test
        void subscribesWhereAPatternMatches() {
            assertThat(access.maySubscribe(teams, channel("claim:team-red"), CLAIM)).isTrue();
            assertThat(access.maySubscribe(teams, channel("claim:team-"), CLAIM)).isTrue();
            assertThat(access.maySubscribe(teams, channel("claim:exact"), CLAIM)).isTrue();
            assertThat(access.maySubscribe(teams, channel("claim:ax"), CLAIM)).isTrue();
        }

        @Test
        void deniedWhereNoPatternMatches() {
            assertThat(access.maySubscribe(teams, channel("claim:team"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(teams, channel("claim:exactly"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(teams, channel("claim:abx"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(teams, channel("claim:x"), CLAIM)).isFalse();
        }

        @Test
        void noClaimMeansNoChannel() {
            assertThat(access.maySubscribe(user("dave"), channel("claim:team-red"), CLAIM)).isFalse();
        }

        @Test
        void patternsAreMatchedAgainstTheFullChannelName() {
            // a pattern without the namespace does not match
            assertThat(access.maySubscribe(user("dave", "team-red"), channel("claim:team-red"), CLAIM)).isFalse();
            // a pattern for another namespace does not match
            assertThat(access.maySubscribe(user("dave", "open:*"), channel("claim:team-red"), CLAIM)).isFalse();
            // the wildcard does
            assertThat(access.maySubscribe(user("dave", "*"), channel("claim:team-red"), CLAIM)).isTrue();
        }

        @Test
        void personalChannelOnlyForItsOwnerEvenWithAMatchingPattern() {
            assertThat(access.maySubscribe(user("bob", "claim:*"), channel("claim:#alice"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(user("bob", "claim:#alice"), channel("claim:#alice"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(user("alice", "claim:*"), channel("claim:#alice"), CLAIM)).isTrue();
        }

        @Test
        void ownerOfAPersonalChannelStillNeedsAMatchingPattern() {
            assertThat(access.maySubscribe(user("alice"), channel("claim:#alice"), CLAIM)).isFalse();
            assertThat(access.maySubscribe(user("alice", "claim:team-*"), channel("claim:#alice"), CLAIM)).isFalse();
        }
    }

    @Nested
    class Personal {

        @Test
        void ownerMaySubscribe() {
            assertThat(access.maySubscribe(user("alice"), channel("personal:#alice"), PERSONAL)).isTrue();
        }

        @Test
        void othersMayNot() {
            assertThat(access.maySubscribe(user("bob"), channel("personal:#alice"), PERSONAL)).isFalse();
            assertThat(access.maySubscribe(user("bob", "*"), channel("personal:#alice"), PERSONAL)).isFalse();
        }

        @Test
        void nonPersonalChannelsAreClosedToEveryone() {
            assertThat(access.maySubscribe(user("alice"), channel("personal:alice"), PERSONAL)).isFalse();
            assertThat(access.maySubscribe(user("alice", "*"), channel("personal:lobby"), PERSONAL)).isFalse();
        }

        @Test
        void bareHashIsClosedToEveryone() {
            assertThat(access.maySubscribe(user("alice"), channel("personal:#"), PERSONAL)).isFalse();
        }
    }

    @Nested
    class Publish {

        @ParameterizedTest
        @EnumSource(SubscribePolicy.class)
        void ownerMayPublishIntoHisPersonalChannelOnlyWhenTheNamespaceAllowsPublishing(SubscribePolicy policy) {
            NamespaceOptions rw = ns("rw", policy, true);
            NamespaceOptions ro = ns("rw", policy, false);
            Claims alice = user("alice", "rw:*");

            assertThat(access.mayPublish(alice, channel("rw:#alice"), rw)).isTrue();
            assertThat(access.mayPublish(alice, channel("rw:#alice"), ro)).isFalse();
        }

        @ParameterizedTest
        @EnumSource(SubscribePolicy.class)
        void nobodyPublishesIntoSomeoneElsesPersonalChannel(SubscribePolicy policy) {
            NamespaceOptions rw = ns("rw", policy, true);

            assertThat(access.mayPublish(user("bob", "*"), channel("rw:#alice"), rw)).isFalse();
            assertThat(access.maySubscribe(user("bob", "*"), channel("rw:#alice"), rw)).isFalse();
        }

        @Test
        void publishNeedsBothPermissionAndSubscription() {
            assertThat(access.mayPublish(user("alice"), channel("open:lobby"), OPEN)).isTrue();
            assertThat(access.mayPublish(user("alice"), channel("ro:lobby"), READ_ONLY)).isFalse();
            assertThat(access.maySubscribe(user("alice"), channel("ro:lobby"), READ_ONLY)).isTrue();

            assertThat(access.mayPublish(user("carol", "claim:*"), channel("claim:x"), CLAIM)).isTrue();
            assertThat(access.mayPublish(user("carol"), channel("claim:x"), CLAIM)).isFalse();
            assertThat(access.mayPublish(user("carol", "claimro:*"), channel("claimro:x"), CLAIM_RO)).isFalse();

            assertThat(access.mayPublish(user("alice"), channel("personal:#alice"), PERSONAL)).isTrue();
            assertThat(access.mayPublish(user("alice"), channel("personal:lobby"), PERSONAL)).isFalse();
            assertThat(access.mayPublish(user("alice"), channel("personalro:#alice"), PERSONAL_RO)).isFalse();
        }
    }
}
