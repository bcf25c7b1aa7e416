package io.switchboard.server.auth;

import io.switchboard.protocol.testing.ByteMutations;
import io.switchboard.protocol.testing.PlainJsonSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlainClaims} reads what it takes as {@link JwtJson#claims} does and leaves everything else to
 * it: plain payloads, payloads it must leave, random plain payloads and mutations of all of them. (The
 * whole verifier, this path included, is checked against Nimbus by {@code JwtTokenVerifierHmacEquivalenceTest}.)
 */
class PlainClaimsTest {

    private static final List<String> PLAIN = List.of(
            "{\"sub\":\"bench-42\",\"iat\":1767225600,\"exp\":1767229200}",
            "{}",
            " {\n\t\"sub\" : \"alice\" ,\r\n \"exp\" : 0 } ",
            "{\"sub\":\"\",\"nbf\":5}",
            "{\"sub\":\"a b!#$%&'()*+,-./:;<=>?@[]^_`{|}~\",\"iss\":\"https://id.example\",\"jti\":\"x\"}",
            "{\"aud\":\"switchboard\",\"sub\":\"carol\"}",
            "{\"aud\":[\"x\",\"switchboard\"],\"sub\":\"erin\"}",
            "{\"aud\":[],\"channels\":[],\"sub\":\"e\"}",
            "{\"sub\":\"bob\",\"channels\":[ \"chat:*\" , \"news\" ],\"exp\":999999999999999999}",
            "{\"sub\":\"bob\",\"channels\":[\"\",\" \"]}");

    private static final List<String> LEFT_TO_THE_PARSER = List.of(
            "",
            "[]",
            "null",
            "{\"sub\":\"alice\"} x",
            "{\"sub\":\"alice\",}",
            "{\"sub\":\"alice\"",
            "{\"sub\":\"a\",\"sub\":\"b\"}",
            "{\"jti\":\"a\",\"jti\":\"b\"}",
            "{\"iss\":\"a\",\"iss\":\"b\"}",
            "{\"aud\":\"a\",\"aud\":[\"b\"]}",
            "{\"channels\":[],\"channels\":[]}",
            "{\"exp\":1,\"exp\":2}",
            "{\"nbf\":1,\"nbf\":2}",
            "{\"iat\":1,\"iat\":2}",
            "{\"sub\":\"alice\",\"info\":{\"n\":1}}",
            "{\"sub\":\"alice\",\"info\":null}",
            "{\"sub\":\"alice\",\"other\":1}",
            "{\"sub\":\"al\\u0069ce\"}",
            "{\"sub\":\"caf\u00e9\"}",
            "{\"sub\":\"a\tb\"}",
            "{\"sub\":null}",
            "{\"sub\":42}",
            "{\"sub\":\"alice\",\"exp\":-1}",
            "{\"sub\":\"alice\",\"exp\":1.5}",
            "{\"sub\":\"alice\",\"exp\":1e9}",
            "{\"sub\":\"alice\",\"exp\":01}",
            "{\"sub\":\"alice\",\"exp\":1234567890123456789}",
            "{\"sub\":\"alice\",\"exp\":\"1\"}",
            "{\"sub\":\"alice\",\"exp\":null}",
            "{\"sub\":\"alice\",\"aud\":[\"a\",null]}",
            "{\"sub\":\"alice\",\"aud\":5}",
            "{\"sub\":\"alice\",\"channels\":\"chat:*\"}",
            "{\"sub\":\"alice\",\"channels\":[[\"x\"]]}",
            "{\"sub\":\"alice\",\"channels\":[\"a\",]}",
            "\uFEFF{\"sub\":\"alice\"}");

    @Test
    void plainPayloadsAreReadAsTheParserReadsThem() {
        for (String payload : PLAIN) {
            assertThat(PlainClaims.read(utf8(payload))).as(payload).isNotNull().isEqualTo(parsed(utf8(payload)));
        }
    }

    @Test
    void everythingElseIsLeftToTheParser() {
        for (String payload : LEFT_TO_THE_PARSER) {
            assertThat(PlainClaims.read(utf8(payload))).as(payload).isNull();
        }
    }

    @Test
    void randomPlainPayloadsAreReadAsTheParserReadsThem() {
        Random random = new Random(11L);
        String[] names = {"sub", "iss", "jti", "aud", "channels", "exp", "nbf", "iat"};
        for (int n = 0; n < 30_000; n++) {
            List<String> members = new ArrayList<>();
            for (String name : names) {
                if (random.nextInt(3) > 0) {
                    members.add(space(random) + "\"" + name + "\"" + space(random) + ":" + space(random) + value(name, random));
                }
            }
            Collections.shuffle(members, random);
            byte[] payload = utf8(space(random) + "{" + String.join(",", members) + "}" + space(random));
            assertThat(PlainClaims.read(payload)).as(text(payload)).isNotNull().isEqualTo(parsed(payload));
        }
    }

    @Test
    void mutatedPayloadsAreReadAsTheParserReadsThemOrLeftToIt() {
        byte[] alphabet = utf8("{}[]\":,\\ \t\n0123456789-+.eEsubjtiexpnfachl\u00e9");
        Random random = new Random(20261207L);
        int taken = 0;
        for (int round = 0; round < 10_000; round++) {
            for (String seed : round % 2 == 0 ? PLAIN : LEFT_TO_THE_PARSER) {
                byte[] payload = ByteMutations.mutate(utf8(seed), random, alphabet);
                PayloadClaims plain = PlainClaims.read(payload);
                if (plain != null) {
                    taken++;
                    assertThat(plain).as(text(payload)).isEqualTo(parsed(payload));
                }
            }
        }
        assertThat(taken).as("mutants taken by the plain path").isGreaterThan(2_000);
    }

    /** What the parser path makes of the payload; fails when it would not take it as claims at all. */
    private static PayloadClaims parsed(byte[] payload) {
        JwtJson.ClaimsRead read = JwtJson.claims(text(payload));
        assertThat(read).as("the parser reads %s", text(payload)).isNotNull();
        assertThat(read.info()).isNull();
        return read.claims();
    }

    private static String value(String name, Random random) {
        return switch (name) {
            case "exp", "nbf", "iat" -> Long.toString(random.nextBoolean() ? random.nextInt(10)
                    : (long) (random.nextDouble() * 999_999_999_999_999_999L));
            case "channels" -> array(random);
            case "aud" -> random.nextBoolean() ? string(random) : array(random);
            default -> string(random);
        };
    }

    private static String array(Random random) {
        List<String> items = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            items.add(space(random) + string(random) + space(random));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String string(Random random) {
        return PlainJsonSamples.string(random, 30);
    }

    private static String space(Random random) {
        return PlainJsonSamples.space(random);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
