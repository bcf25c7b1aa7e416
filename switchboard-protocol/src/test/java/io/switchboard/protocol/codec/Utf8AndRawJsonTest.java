package io.switchboard.protocol.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8AndRawJsonTest {

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void acceptsValidUtf8() {
        assertThat(Utf8.isValid(new byte[0])).isTrue();
        assertThat(Utf8.isValid("plain ascii \u007F".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid("\u00e9\u0800\uFFFF\uD83D\uDE00\uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid(b(0xC2, 0x80))).isTrue();             // U+0080
        assertThat(Utf8.isValid(b(0xE0, 0xA0, 0x80))).isTrue();       // U+0800
        assertThat(Utf8.isValid(b(0xED, 0x9F, 0xBF))).isTrue();       // U+D7FF
        assertThat(Utf8.isValid(b(0xEE, 0x80, 0x80))).isTrue();       // U+E000
        assertThat(Utf8.isValid(b(0xF0, 0x90, 0x80, 0x80))).isTrue(); // U+10000
        assertThat(Utf8.isValid(b(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF
    }

    @Test
    void rejectsInvalidUtf8() {
        assertThat(Utf8.isValid(b(0x80))).isFalse();                   // lone continuation
        assertThat(Utf8.isValid(b(0xC0, 0xAF))).isFalse();             // overlong '/'
        assertThat(Utf8.isValid(b(0xC1, 0xBF))).isFalse();             // overlong
        assertThat(Utf8.isValid(b(0xE0, 0x80, 0xAF))).isFalse();       // overlong 3-byte
        assertThat(Utf8.isValid(b(0xF0, 0x80, 0x80, 0xAF))).isFalse(); // overlong 4-byte
        assertThat(Utf8.isValid(b(0xED, 0xA0, 0x80))).isFalse();       // U+D800
        assertThat(Utf8.isValid(b(0xED, 0xBF, 0xBF))).isFalse();       // U+DFFF
        assertThat(Utf8.isValid(b(0xF4, 0x90, 0x80, 0x80))).isFalse(); // U+110000
        assertThat(Utf8.isValid(b(0xF5, 0x80, 0x80, 0x80))).isFalse();
        assertThat(Utf8.isValid(b(0xFF))).isFalse();
        assertThat(Utf8.isValid(b(0xC3))).isFalse();                   // truncated
        assertThat(Utf8.isValid(b(0xE2, 0x82))).isFalse();
        assertThat(Utf8.isValid(b(0xF0, 0x9F, 0x98))).isFalse();
        assertThat(Utf8.isValid(b(0xC3, 0x41))).isFalse();             // bad continuation
        assertThat(Utf8.isValid(b(0xE2, 0x28, 0xA1))).isFalse();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8.isValid(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
        }
    }

    @Test
    void valueEndAndCompact() throws Exception {
        byte[] src = " { \"a\" : [ 1 , \"x ] } \\\" y\" ] , \"b\":{} } , tail".getBytes(StandardCharsets.UTF_8);
        int end = JsonSupport.valueEnd(src, 1);

        assertThat(new String(src, 1, end - 1, StandardCharsets.UTF_8))
                .isEqualTo("{ \"a\" : [ 1 , \"x ] } \\\" y\" ] , \"b\":{} }");
        assertThat(new String(JsonSupport.compact(src, 1, end), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[1,\"x ] } \\\" y\"],\"b\":{}}");

        byte[] number = "-12.5e3,".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonSupport.valueEnd(number, 0)).isEqualTo(7);
        byte[] literal = "true".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonSupport.valueEnd(literal, 0)).isEqualTo(4);
    }

    @Test
    void jsonValueProblems() {
        assertThat(JsonSupport.jsonValueProblem("{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(JsonSupport.jsonValueProblem("\"s\"".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(JsonSupport.jsonValueProblem(new byte[0])).isNotNull();
        assertThat(JsonSupport.jsonValueProblem("{".getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(JsonSupport.jsonValueProblem("1 2".getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(JsonSupport.jsonValueProblem("\"a".getBytes(StandardCharsets.UTF_8))).isNotNull();
    }
}
