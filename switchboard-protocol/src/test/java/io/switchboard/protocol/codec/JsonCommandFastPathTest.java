package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.testing.ByteMutations;
import io.switchboard.protocol.testing.PlainJsonSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonCommandFastPath} reads what it takes exactly as {@link JsonCommandReader} does, and leaves
 * everything else to it: checked on plain frames, on frames it must refuse, and on a few hundred
 * thousand random mutations of both.
 */
class JsonCommandFastPathTest {

    private static final List<String> PLAIN = List.of(
            "{\"id\":1,\"method\":\"ping\"}",
            "{\"method\":\"ping\",\"id\":9007199254740991}",
            " \t\r\n{ \"id\" : 2 , \"method\" : \"ping\" , \"params\" : { } } \n",
            "{\"id\":3,\"method\":\"subscribe\",\"params\":{\"channel\":\"bench:42\"}}",
            "{\"params\":{\"recover\":true,\"offset\":17,\"epoch\":\"k3Xf\",\"channel\":\"chat:lobby\"},\"method\":\"subscribe\",\"id\":4}",
            "{\"id\":5,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"recover\":false,\"offset\":0,\"epoch\":\"\"}}",
            "{\"id\":6,\"method\":\"subscribe\",\"params\":{\"channel\":\"a b/c#d{e}[f]:g,h\",\"offset\":999999999999999999}}",
            "{\"id\":7,\"method\":\"unsubscribe\",\"params\":{\"channel\":\"news:sports\"}}",
            "{\"id\":8,\"method\":\"presence\",\"params\":{\"channel\":\"chat:lobby\",\"user\":\"ignored\"}}",
            "{\"id\":9,\"method\":\"refresh\",\"params\":{\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.sig\"}}",
            "{\"id\":10,\"method\":\"ping\",\"params\":{\"channel\":\"unused\",\"recover\":true}}");

    private static final List<String> LEFT_TO_THE_PARSER = List.of(
            "",
            "{}",
            "[]",
            "{\"id\":1}",
            "{\"method\":\"ping\"}",
            "{\"id\":0,\"method\":\"ping\"}",
            "{\"id\":01,\"method\":\"ping\"}",
            "{\"id\":-1,\"method\":\"ping\"}",
            "{\"id\":1.0,\"method\":\"ping\"}",
            "{\"id\":1e2,\"method\":\"ping\"}",
            "{\"id\":9007199254740992,\"method\":\"ping\"}",
            "{\"id\":\"1\",\"method\":\"ping\"}",
            "{\"id\":1,\"id\":2,\"method\":\"ping\"}",
            "{\"id\":1,\"method\":\"ping\",\"method\":\"ping\"}",
            "{\"id\":1,\"method\":\"ping\",\"extra\":1}",
            "{\"id\":1,\"method\":\"p\\u0069ng\"}",
            "{\"id\":1,\"method\":\"ping\"} x",
            "{\"id\":1,\"method\":\"ping\",}",
            "{\"id\":1,\"method\":\"ping\"",
            "\uFEFF{\"id\":1,\"method\":\"ping\"}",
            "{\"id\":1,\"method\":\"history\",\"params\":{\"channel\":\"c\"}}",
            "{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":{}}}",
            "{\"id\":1,\"method\":\"send\",\"params\":{\"user\":\"u\",\"data\":1}}",
            "{\"id\":1,\"method\":\"nope\"}",
            "{\"id\":1,\"method\":\"subscribe\"}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"\"}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":null}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"channel\":\"d\"}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"caf\u00e9\"}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"a\\\"b\"}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"a\tb\"}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"recover\":1}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":-1}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":1234567890123456789}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"limit\":5}}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":[]}",
            "{\"id\":1,\"method\":\"subscribe\",\"params\":null}",
            "{\"id\":1,\"method\":\"refresh\",\"params\":{\"token\":\"\"}}");

    private static final JsonCodec CODEC = Codecs.JSON;

    @Test
    void plainFramesAreReadWithoutTheParserAsTheParserReadsThem() throws ProtocolException {
        for (String frame : PLAIN) {
            Command fast = JsonCommandFastPath.read(utf8(frame));
            assertThat(fast).as(frame).isNotNull().isEqualTo(JsonCommandReader.read(utf8(frame)));
            assertThat(CODEC.decodeCommand(utf8(frame))).isEqualTo(fast);
        }
    }

    @Test
    void everythingElseIsLeftToTheParser() {
        for (String frame : LEFT_TO_THE_PARSER) {
            assertThat(JsonCommandFastPath.read(utf8(frame))).as(frame).isNull();
        }
        assertThat(JsonCommandFastPath.read(null)).isNull();
    }

    @Test
    void mutatedFramesAreReadAsTheParserReadsThemOrLeftToIt() {
        byte[] alphabet = utf8("{}[]\":,\\ \t\n0123456789-+.eEtrufalsn\u00e9xyz");
        Random random = new Random(20261207L);
        int taken = 0;
        int mutants = 0;
        for (int round = 0; round < 12_000; round++) {
            for (String seed : round % 2 == 0 ? PLAIN : LEFT_TO_THE_PARSER) {
                byte[] frame = ByteMutations.mutate(utf8(seed), random, alphabet);
                mutants++;
                Command fast = JsonCommandFastPath.read(frame);
                if (fast == null) {
                    continue;
                }
                taken++;
                Command parsed;
                try {
                    parsed = JsonCommandReader.read(frame);
                } catch (ProtocolException e) {
                    throw new AssertionError("the fast path read " + fast + " from a frame the parser refuses ("
                            + e.getMessage() + "): " + new String(frame, StandardCharsets.UTF_8), e);
                }
                assertThat(fast).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(parsed);
            }
        }
        // The mutants exercised the fast path, not only the fallback.
        assertThat(taken).as("mutants taken by the fast path, of %d", mutants).isGreaterThan(2_000);
    }

    @Test
    void randomPlainFramesAreReadAsTheParserReadsThem() throws ProtocolException {
        Random random = new Random(7L);
        String[] methods = {"ping", "subscribe", "unsubscribe", "presence", "refresh"};
        String[] names = {"channel", "epoch", "token", "user", "recover", "offset"};
        int taken = 0;
        for (int n = 0; n < 50_000; n++) {
            List<String> members = new java.util.ArrayList<>();
            members.add("\"id\":" + (1 + (random.nextBoolean() ? random.nextInt(1000) : (long) (random.nextDouble() * JsonSupport.MAX_ID))));
            members.add("\"method\":\"" + methods[random.nextInt(methods.length)] + "\"");
            if (random.nextInt(4) > 0) {
                List<String> params = new java.util.ArrayList<>();
                for (String name : names) {
                    if (random.nextBoolean()) {
                        params.add(space(random) + "\"" + name + "\"" + space(random) + ":" + space(random) + value(name, random));
                    }
                }
                java.util.Collections.shuffle(params, random);
                members.add("\"params\":{" + String.join(",", params) + "}");
            }
            java.util.Collections.shuffle(members, random);
            byte[] frame = utf8(space(random) + "{" + String.join("," + space(random), members) + "}" + space(random));
            Command fast = JsonCommandFastPath.read(frame);
            Command parsed;
            try {
                parsed = JsonCommandReader.read(frame);
            } catch (ProtocolException e) {
                assertThat(fast).as(new String(frame, StandardCharsets.UTF_8)).isNull();
                continue;
            }
            assertThat(fast).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(parsed);
            taken++;
        }
        assertThat(taken).isGreaterThan(20_000); // the rest lack a parameter their method needs
    }

    private static String value(String name, Random random) {
        return switch (name) {
            case "recover" -> random.nextBoolean() ? "true" : "false";
            case "offset" -> Long.toString(random.nextBoolean() ? random.nextInt(100) : (long) (random.nextDouble() * 1e18));
            default -> PlainJsonSamples.string(random, 40);
        };
    }

    private static String space(Random random) {
        return PlainJsonSamples.space(random);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
