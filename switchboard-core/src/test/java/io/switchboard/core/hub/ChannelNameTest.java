package io.switchboard.core.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ChannelNameTest {

    @Test
    void splitsNamespaceAndName() {
        ChannelName name = ChannelName.parse("chat:lobby");

        assertThat(name).isNotNull();
        assertThat(name.full()).isEqualTo("chat:lobby");
        assertThat(name.namespace()).isEqualTo("chat");
        assertThat(name.name()).isEqualTo("lobby");
        assertThat(name.personalOwner()).isNull();
    }

    @Test
    void splitsAtTheFirstColon() {
        ChannelName name = ChannelName.parse("chat:a:b");

        assertThat(name).isNotNull();
        assertThat(name.namespace()).isEqualTo("chat");
        assertThat(name.name()).isEqualTo("a:b");
    }

    @Test
    void shortestValidName() {
        ChannelName name = ChannelName.parse("a:b");

        assertThat(name).isEqualTo(new ChannelName("a:b", "a", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ns:!\"$%&'()*+,-./0123456789;<=>?@AZ[\\]^_`az{|}~", "x.y-z_1:room#1", "ns:a:"})
    void acceptsEveryPrintableAsciiCharacter(String channel) {
        ChannelName name = ChannelName.parse(channel);

        assertThat(name).isNotNull();
        assertThat(name.full()).isEqualTo(channel);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "chat", "chatlobby",                     // no colon
            ":lobby", "chat:", ":", "::",            // empty namespace or name
            "chat:my room", " chat:lobby", "chat:lobby ", "chat :lobby", // spaces
            "chat:lob\tby", "chat:lobby\n", "chat:\r", "\u0000chat:lobby", "chat:lo\u0000bby",
            "chat:\u001f", "chat:lobby\u007f",       // control characters incl. DEL
            "chat:caf\u00e9", "chat:\u00a0", "chät:lobby", "chat:\uD83D\uDE00", "chat:\u200b",
            "chat:\uff41",                            // non-ASCII
    })
    void rejects(String channel) {
        assertThat(ChannelName.parse(channel)).isNull();
    }

    @Test
    void personalOwnerIsTheNameAfterTheHash() {
        assertThat(ChannelName.parse("chat:#alice").personalOwner()).isEqualTo("alice");
        assertThat(ChannelName.parse("notifications:#bob.smith").personalOwner()).isEqualTo("bob.smith");
    }

    @Test
    void personalOwnerNeedsANameAfterTheHash() {
        assertThat(ChannelName.parse("chat:#").personalOwner()).isNull();
    }

    @Test
    void personalOwnerOnlyWhenTheNameStartsWithHash() {
        assertThat(ChannelName.parse("chat:alice#").personalOwner()).isNull();
        assertThat(ChannelName.parse("chat:a#lice").personalOwner()).isNull();
        assertThat(ChannelName.parse("#chat:alice").personalOwner()).isNull();
    }

    @Test
    void personalOwnerKeepsEverythingAfterTheFirstHash() {
        assertThat(ChannelName.parse("chat:##alice").personalOwner()).isEqualTo("#alice");
        assertThat(ChannelName.parse("chat:#alice:x").personalOwner()).isEqualTo("alice:x");
    }
}
