package io.switchboard.core.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void acceptsAsciiAndEveryEncodingLength() {
        assertThat(Utf8Validator.isValid(new byte[0])).isTrue();
        assertThat(Utf8Validator.isValid("plain ascii text, longer than eight bytes".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8Validator.isValid("κόσμε · 世界 · 😀 · \u0080 · \uFFFF".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8Validator.isValid(hex("f48fbfbf"))).as("U+10FFFF").isTrue();
        assertThat(Utf8Validator.isValid(hex("edbfbf"))).as("U+DFFF+1 region end, U+FFFF below surrogates? ED BF BF is a surrogate").isFalse();
        assertThat(Utf8Validator.isValid(hex("ed9fbf"))).as("U+D7FF").isTrue();
        assertThat(Utf8Validator.isValid(hex("ee8080"))).as("U+E000").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "80",           // continuation without lead
            "c0af",         // overlong '/'
            "c1bf",         // overlong
            "e080af",       // overlong 3-byte
            "eda080",       // surrogate U+D800
            "f08080af",     // overlong 4-byte
            "f4908080",     // above U+10FFFF
            "f5808080",     // lead above F4
            "ff",
            "c3",           // truncated 2-byte
            "e282",         // truncated 3-byte
            "f09f98",       // truncated 4-byte
            "c328",         // lead followed by ASCII
            "41424344454647c3",  // ASCII fast path, then a truncated character
            "4142434445464748ce"})
    void refusesInvalidOrIncompleteSequences(String bytes) {
        assertThat(Utf8Validator.isValid(hex(bytes))).isFalse();
    }

    @Test
    void validatesAcrossFragmentBoundariesAndFailsAtTheFirstBadFragment() {
        byte[] smile = "a😀b".getBytes(StandardCharsets.UTF_8); // 61 f09f9880 62
        for (int cut = 0; cut <= smile.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            assertThat(v.update(smile, 0, cut)).isTrue();
            assertThat(v.update(smile, cut, smile.length)).isTrue();
            assertThat(v.complete()).as("cut at %d", cut).isTrue();
        }
        Utf8Validator v = new Utf8Validator();
        assertThat(v.update(hex("cebae1bd"), 0, 4)).isTrue();
        assertThat(v.complete()).as("a character is still open").isFalse();
        assertThat(v.update(hex("f4908080"), 0, 4)).as("continuation out of range").isFalse();
    }
}
