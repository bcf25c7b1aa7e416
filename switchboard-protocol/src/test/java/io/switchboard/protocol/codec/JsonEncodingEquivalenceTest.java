package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JsonCodec} encodes byte for byte what Jackson's generator wrote before ({@link JacksonReferenceEncoder}):
 * every sample the other tests use, every BMP character, and thousands of random messages.
 */
class JsonEncodingEquivalenceTest {

    private static final JsonCodec JSON = Codecs.JSON;
    private static final int RANDOM_MESSAGES = 4_000;

    @Test
    void samples() {
        List<Reply> replies = new ArrayList<>(Samples.replies());
        List<Push> pushes = new ArrayList<>(Samples.pushes());
        List<Command> commands = new ArrayList<>(Samples.commands());
        replies.addAll(first(JsonWireFormatTest.replies(), Reply.class));
        pushes.addAll(first(JsonWireFormatTest.pushes(), Push.class));
        commands.addAll(first(JsonWireFormatTest.commands(), Command.class));
        pushes.add(new Push.Unsubscribed("a\"b\\c\n\u00e9", 1, "\u0001"));
        pushes.add(new Push.Message(Payload.ofJson("{ \"n\" : 1.50e+10 , \"s\":\"\\u00e9\\/\" }"), null));
        pushes.add(new Push.PublicationPush("c", new Publication("p", 1,
                Payload.ofJson("[" + "\"x\",".repeat(20_000) + "\"end\"]"), null)));

        replies.forEach(r -> assertSameAsJackson(r, JSON::encodeReply, JacksonReferenceEncoder::encodeReply));
        pushes.forEach(p -> assertSameAsJackson(p, JSON::encodePush, JacksonReferenceEncoder::encodePush));
        commands.forEach(c -> assertSameAsJackson(c, JSON::encodeCommand, JacksonReferenceEncoder::encodeCommand));
    }

    @Test
    void everyBmpCharacterAloneAndAllInARow() {
        StringBuilder all = new StringBuilder(0x10000);
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
            assertSameAsJackson(new Push.Unsubscribed(String.valueOf((char) c), c, "x" + (char) c + "y"),
                    JSON::encodePush, JacksonReferenceEncoder::encodePush);
        }
        // in a row, U+DBFF U+DC00 also make a valid pair
        assertSameAsJackson(new Push.Unsubscribed(all.toString(), 0, all.reverse().toString()),
                JSON::encodePush, JacksonReferenceEncoder::encodePush);
    }

    @Test
    void randomReplies() {
        Gen gen = new Gen(20240601L);
        for (int i = 0; i < RANDOM_MESSAGES; i++) {
            assertSameAsJackson(gen.reply(), JSON::encodeReply, JacksonReferenceEncoder::encodeReply);
        }
    }

    @Test
    void randomPushes() {
        Gen gen = new Gen(20240602L);
        for (int i = 0; i < RANDOM_MESSAGES; i++) {
            assertSameAsJackson(gen.push(), JSON::encodePush, JacksonReferenceEncoder::encodePush);
        }
    }

    @Test
    void randomCommands() {
        Gen gen = new Gen(20240603L);
        for (int i = 0; i < RANDOM_MESSAGES; i++) {
            assertSameAsJackson(gen.command(), JSON::encodeCommand, JacksonReferenceEncoder::encodeCommand);
        }
    }

    @Test
    void surrogatesAreEscapedOneByOneAndDecodeBackUnchanged() throws Exception {
        // The documented choice (JsonFrameWriter): as Jackson, never an error and never raw UTF-8.
        String emoji = "\uD83D\uDE00";
        String loneHigh = "x\uD83D";
        String loneLow = "\uDE00x";
        String reversed = "\uDE00\uD83D";
        Push push = new Push.Connected(emoji, loneHigh, loneLow, 1, 2);
        Push unsubscribed = new Push.Unsubscribed(reversed, 3, "\uDBFF\uDFFF");

        assertThat(text(JSON.encodePush(push))).isEqualTo("{\"push\":\"connected\",\"client\":\"\\uD83D\\uDE00\","
                + "\"user\":\"x\\uD83D\",\"node\":\"\\uDE00x\",\"heartbeat\":1,\"expires\":2}");
        assertThat(text(JSON.encodePush(unsubscribed)))
                .isEqualTo("{\"push\":\"unsubscribed\",\"channel\":\"\\uDE00\\uD83D\",\"code\":3,\"reason\":\"\\uDBFF\\uDFFF\"}");
        assertThat(JSON.decodeServerFrame(JSON.encodePush(push))).isEqualTo(new ServerFrame.PushFrame(push));
        assertThat(JSON.decodeServerFrame(JSON.encodePush(unsubscribed))).isEqualTo(new ServerFrame.PushFrame(unsubscribed));
    }

    @Test
    void everyAsciiEscape() {
        StringBuilder s = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            s.append(c);
        }
        s.append("\u007F\"\\/ az09");

        assertThat(text(JSON.encodePush(new Push.Unsubscribed(s.toString(), 0, null)))).isEqualTo(
                "{\"push\":\"unsubscribed\",\"channel\":\""
                        + "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
                        + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D\\u001E\\u001F"
                        + "\u007F\\\"\\\\/ az09\",\"code\":0,\"reason\":null}");
    }

    @Test
    void failuresAreTheSameAndLeaveTheCodecUsable() {
        Push unknown = new Push.Unknown("typing");
        Push noPublication = new Push.PublicationPush("c", null);
        Push noInfo = new Push.Join("c", null);

        assertThatThrownBy(() -> JacksonReferenceEncoder.encodePush(unknown)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JSON.encodePush(unknown)).isInstanceOf(IllegalArgumentException.class);
        for (Push broken : List.of(noPublication, noInfo)) {
            assertThatThrownBy(() -> JacksonReferenceEncoder.encodePush(broken)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> JSON.encodePush(broken)).isInstanceOf(NullPointerException.class);
            // the aborted frame left nothing behind in this thread's buffer
            Samples.pushes().forEach(p -> assertSameAsJackson(p, JSON::encodePush, JacksonReferenceEncoder::encodePush));
        }
    }

    private static <T> void assertSameAsJackson(T value, Function<T, byte[]> codec, Function<T, byte[]> jackson) {
        byte[] expected = jackson.apply(value);
        byte[] actual = codec.apply(value);
        // ISO-8859-1 maps bytes to chars one to one: an exact comparison with a readable difference
        assertThat(new String(actual, StandardCharsets.ISO_8859_1))
                .as(() -> String.valueOf(value))
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    private static <T> List<T> first(Stream<Arguments> arguments, Class<T> type) {
        return arguments.map(a -> type.cast(a.get()[0])).toList();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Random messages, with the awkward values over-represented. */
    private static final class Gen {

        private static final long[] EDGE_LONGS = {0, 1, -1, 9, 10, -10, 99, 100, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                Long.MAX_VALUE, Long.MAX_VALUE - 1, Integer.MIN_VALUE, Integer.MAX_VALUE, JsonSupport.MAX_ID,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L};
        private static final char[] EDGE_CHARS = {0, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xD7FF,
                0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x2028, 0x2029};
        private static final List<Payload> PAYLOADS = List.of(Samples.OBJECT, Samples.STRING, Samples.NUMBER,
                Samples.NULL, Samples.ARRAY, Samples.INFO, Payload.ofJson("{ \"spaced\" : [ 1 , 2 ] }"),
                Payload.ofJson("\"\\uD83D\\uDE00 \uD83D\uDE00\""));

        private final Random random;

        Gen(long seed) {
            this.random = new Random(seed);
        }

        Reply reply() {
            long id = number();
            if (random.nextInt(4) == 0) {
                return Reply.error(id, new ReplyError((int) number(), string(), random.nextBoolean()));
            }
            Result result = switch (random.nextInt(6)) {
                case 0 -> Result.Empty.INSTANCE;
                case 1 -> new Result.Subscribe(number(), string(), random.nextBoolean(), random.nextBoolean(), publications());
                case 2 -> new Result.Publish(number(), string());
                case 3 -> new Result.Presence(clients());
                case 4 -> new Result.History(publications(), number(), string());
                default -> new Result.Refresh(number());
            };
            return Reply.ok(id, result);
        }

        Push push() {
            return switch (random.nextInt(7)) {
                case 0 -> new Push.Connected(string(), string(), string(), (int) number(), number());
                case 1 -> new Push.PublicationPush(string(), publication());
                case 2 -> new Push.Message(payloadOrNull(), string());
                case 3 -> new Push.Join(string(), client());
                case 4 -> new Push.Leave(string(), client());
                case 5 -> new Push.Unsubscribed(string(), (int) number(), string());
                default -> new Push.Disconnect((int) number(), string(), random.nextBoolean(), number());
            };
        }

        Command command() {
            long id = number();
            return switch (random.nextInt(8)) {
                case 0 -> new Command.Subscribe(id, string(), random.nextBoolean(),
                        random.nextBoolean() ? 0 : number(), random.nextBoolean() ? "" : string());
                case 1 -> new Command.Unsubscribe(id, string());
                case 2 -> new Command.Publish(id, string(), payloadOrNull());
                case 3 -> new Command.Send(id, string(), payloadOrNull());
                case 4 -> new Command.Presence(id, string());
                case 5 -> new Command.History(id, string(), random.nextBoolean() ? 0 : (int) number(),
                        random.nextBoolean() ? null : new StreamPosition(number(), string()));
                case 6 -> new Command.Ping(id);
                default -> new Command.Refresh(id, string());
            };
        }

        private List<Publication> publications() {
            int kind = random.nextInt(20);
            if (kind == 0) {
                return null;
            }
            int n = kind < 5 ? 0 : kind == 5 ? 100 + random.nextInt(200) : 1 + random.nextInt(5);
            List<Publication> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(publication());
            }
            return list;
        }

        private List<ClientInfo> clients() {
            int kind = random.nextInt(20);
            if (kind == 0) {
                return null;
            }
            int n = kind < 5 ? 0 : kind == 5 ? 100 + random.nextInt(200) : 1 + random.nextInt(5);
            List<ClientInfo> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(client());
            }
            return list;
        }

        private Publication publication() {
            return new Publication(string(), number(), payloadOrNull(), random.nextInt(3) == 0 ? null : client());
        }

        private ClientInfo client() {
            return new ClientInfo(string(), string(), random.nextBoolean() ? null : payloadOrNull());
        }

        private Payload payloadOrNull() {
            return switch (random.nextInt(10)) {
                case 0 -> null;
                case 1 -> { // whatever the bytes, they are copied as they are
                    byte[] bytes = new byte[1 + random.nextInt(64)];
                    random.nextBytes(bytes);
                    yield new Payload(bytes);
                }
                case 2 -> Payload.ofJson("[" + "12345,".repeat(random.nextInt(5_000)) + "0]");
                default -> PAYLOADS.get(random.nextInt(PAYLOADS.size()));
            };
        }

        private long number() {
            return switch (random.nextInt(6)) {
                case 0, 1 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
                case 2 -> random.nextInt(1_000) - 500;
                case 3 -> random.nextInt();
                case 4 -> random.nextLong() >> random.nextInt(64);
                default -> random.nextLong();
            };
        }

        private String string() {
            int kind = random.nextInt(40);
            if (kind == 0) {
                return null;
            }
            int length = kind == 1 ? random.nextInt(5_000) : kind == 2 ? 0 : random.nextInt(24);
            boolean plain = kind % 4 == 3; // the common case: ASCII only, nothing to escape
            StringBuilder sb = new StringBuilder(length + 1);
            while (sb.length() < length) {
                if (plain) {
                    sb.append((char) (0x20 + random.nextInt(0x5F)));
                } else {
                    appendAwkward(sb);
                }
            }
            return sb.toString();
        }

        private void appendAwkward(StringBuilder sb) {
            switch (random.nextInt(12)) {
                case 0, 1, 2 -> sb.append((char) (0x20 + random.nextInt(0x5F)));     // printable ASCII
                case 3 -> sb.append((char) random.nextInt(0x20));                   // control characters
                case 4 -> sb.append("\"\\/\u007F".charAt(random.nextInt(4)));
                case 5 -> sb.append((char) (0x80 + random.nextInt(0x800 - 0x80)));   // 2-byte UTF-8
                case 6 -> {                                                          // 3-byte UTF-8
                    char c;
                    do {
                        c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
                    } while (Character.isSurrogate(c));
                    sb.append(c);
                }
                case 7 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));   // a valid pair
                case 8 -> sb.append((char) (0xD800 + random.nextInt(0x800)));        // a lone surrogate, mostly
                case 9 -> sb.appendCodePoint(0x1F600 + random.nextInt(0x50));        // emoji
                default -> sb.append(EDGE_CHARS[random.nextInt(EDGE_CHARS.length)]);
            }
        }
    }
}
