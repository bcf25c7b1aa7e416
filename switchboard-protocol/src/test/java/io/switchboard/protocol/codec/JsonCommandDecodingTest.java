package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.ServerFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The JSON decoder is a security boundary: every byte of a frame is client-controlled. */
class JsonCommandDecodingTest {

    private static final JsonCodec JSON = Codecs.JSON;

    // ---------------------------------------------------------------------------------------------
    // Unreadable frames: no usable id, so commandId 0 and the connection is closed (3502)

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("empty frame", new byte[0]),
                Arguments.of("only whitespace", utf8("   ")),
                Arguments.of("not JSON", utf8("hello")),
                Arguments.of("truncated", utf8("{\"id\":1,\"method\":\"ping\"")),
                Arguments.of("array", utf8("[{\"id\":1,\"method\":\"ping\"}]")),
                Arguments.of("string", utf8("\"ping\"")),
                Arguments.of("number", utf8("1")),
                Arguments.of("null", utf8("null")),
                Arguments.of("id missing", utf8("{\"method\":\"ping\"}")),
                Arguments.of("id 0", utf8("{\"id\":0,\"method\":\"ping\"}")),
                Arguments.of("id negative", utf8("{\"id\":-1,\"method\":\"ping\"}")),
                Arguments.of("id float", utf8("{\"id\":1.5,\"method\":\"ping\"}")),
                Arguments.of("id integral float", utf8("{\"id\":1.0,\"method\":\"ping\"}")),
                Arguments.of("id exponent", utf8("{\"id\":1e3,\"method\":\"ping\"}")),
                Arguments.of("id string", utf8("{\"id\":\"1\",\"method\":\"ping\"}")),
                Arguments.of("id bool", utf8("{\"id\":true,\"method\":\"ping\"}")),
                Arguments.of("id null", utf8("{\"id\":null,\"method\":\"ping\"}")),
                Arguments.of("id object", utf8("{\"id\":{\"n\":1},\"method\":\"ping\"}")),
                Arguments.of("id 2^53", utf8("{\"id\":9007199254740992,\"method\":\"ping\"}")),
                Arguments.of("id 2^63", utf8("{\"id\":9223372036854775808,\"method\":\"ping\"}")),
                Arguments.of("id huge", utf8("{\"id\":123456789012345678901234567890,\"method\":\"ping\"}")),
                Arguments.of("id duplicate", utf8("{\"id\":1,\"id\":2,\"method\":\"ping\"}")),
                Arguments.of("trailing garbage", utf8("{\"id\":1,\"method\":\"ping\"} x")),
                Arguments.of("trailing comma", utf8("{\"id\":1,\"method\":\"ping\"},")),
                Arguments.of("second object", utf8("{\"id\":1,\"method\":\"ping\"}{\"id\":2,\"method\":\"ping\"}")),
                Arguments.of("trailing comma in object", utf8("{\"id\":1,\"method\":\"ping\",}")),
                Arguments.of("comment", utf8("{\"id\":1,/*x*/\"method\":\"ping\"}")),
                Arguments.of("single quotes", utf8("{'id':1,'method':'ping'}")),
                Arguments.of("unquoted name", utf8("{id:1,method:\"ping\"}")),
                Arguments.of("NaN in data", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":NaN}}")),
                Arguments.of("leading zero in data", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":01}}")),
                Arguments.of("raw control char in data", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"a\u0001b\"}}")),
                Arguments.of("bad escape in data", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"a\\qb\"}}")),
                Arguments.of("unterminated data string", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"abc")),
                Arguments.of("unterminated data escape", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"abc\\")),
                Arguments.of("invalid UTF-8", new byte[]{'{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', '}'}),
                Arguments.of("UTF-8 surrogate", withBytes("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"@\"}}",
                        new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                Arguments.of("overlong UTF-8", withBytes("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":\"@\"}}",
                        new byte[]{(byte) 0xC0, (byte) 0xAF})),
                Arguments.of("truncated UTF-8", withBytes("{\"id\":1,\"method\":\"ping\",\"x\":\"@",
                        new byte[]{(byte) 0xE2, (byte) 0x82})),
                Arguments.of("byte order mark", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        utf8("{\"id\":1,\"method\":\"ping\"}"))),
                Arguments.of("UTF-16", "{\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_16LE)),
                Arguments.of("UTF-16 with BOM", "{\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_16)),
                Arguments.of("NUL byte", utf8("\u0000{\"id\":1,\"method\":\"ping\"}")),
                Arguments.of("string over the limit", utf8("{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\""
                        + "c".repeat(JsonSupport.MAX_STRING_LENGTH + 1) + "\"}}")),
                Arguments.of("number over the limit", utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":"
                        + "1".repeat(JsonSupport.MAX_NUMBER_LENGTH + 1) + "}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void unreadableFramesHaveNoCommandId(String name, byte[] frame) {
        ProtocolException e = catchThrowableOfType(() -> JSON.decodeCommand(frame), ProtocolException.class);

        assertThat(e).as(name).isNotNull();
        assertThat(e.commandId()).isZero();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void depthBombsAreBadRequestsNotStackOverflows() {
        int depth = 10_000;
        List<String> bombs = List.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}}",
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":" + "{\"a\":".repeat(depth) + "}}",
                "{\"id\":1,\"method\":\"ping\",\"unknown\":" + "[".repeat(depth) + "]".repeat(depth) + "}",
                "{\"id\":1,\"method\":\"ping\",\"params\":{\"unknown\":" + "[".repeat(depth) + "]".repeat(depth) + "}}",
                "{\"id\":1,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"x\":" + "[".repeat(depth) + "}}}",
                // unbalanced, unterminated
                "{\"id\":1,\"method\":\"ping\",\"x\":" + "[".repeat(depth));
        for (String bomb : bombs) {
            ProtocolException e = catchThrowableOfType(() -> JSON.decodeCommand(utf8(bomb)), ProtocolException.class);
            assertThat(e).isNotNull();
            assertThat(e.commandId()).isZero();
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
        assertThat(catchThrowableOfType(() -> JSON.decodeServerFrame(utf8("[".repeat(depth) + "]".repeat(depth))),
                ProtocolException.class)).isNotNull();
    }

    @Test
    void dataMayNestUpTo62Levels() throws Exception {
        String ok = "[".repeat(JsonSupport.MAX_DATA_DEPTH) + "]".repeat(JsonSupport.MAX_DATA_DEPTH);
        String tooDeep = "[" + ok + "]";

        Command command = JSON.decodeCommand(utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":" + ok + "}}"));
        assertThat(((Command.Publish) command).data().asString()).isEqualTo(ok);
        assertThat(catchThrowableOfType(() -> JSON.decodeCommand(utf8(
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":" + tooDeep + "}}")),
                ProtocolException.class)).isNotNull();

        // and a client can read it back from the deepest place a server frame holds data
        Publication pub = new Publication("p", 1, Payload.ofJson(ok), new io.switchboard.protocol.ClientInfo("c", "u", Payload.ofJson(ok)));
        var reply = io.switchboard.protocol.Reply.ok(1, new io.switchboard.protocol.Result.History(List.of(pub), 1, "e"));
        assertThat(JSON.decodeServerFrame(JSON.encodeReply(reply))).isEqualTo(new ServerFrame.ReplyFrame(reply));
    }

    // ---------------------------------------------------------------------------------------------
    // Readable id, bad command: an error reply with that id

    static Stream<Arguments> badCommands() {
        return Stream.of(
                Arguments.of("{\"id\":7,\"method\":\"frobnicate\"}", ErrorCode.METHOD_NOT_FOUND, "frobnicate"),
                Arguments.of("{\"id\":7,\"method\":\"Subscribe\",\"params\":{\"channel\":\"c\"}}", ErrorCode.METHOD_NOT_FOUND, "Subscribe"),
                Arguments.of("{\"id\":7,\"method\":\"\"}", ErrorCode.METHOD_NOT_FOUND, "method"),
                Arguments.of("{\"id\":7}", ErrorCode.BAD_REQUEST, "method is required"),
                Arguments.of("{\"id\":7,\"method\":null}", ErrorCode.BAD_REQUEST, "method"),
                Arguments.of("{\"id\":7,\"method\":5}", ErrorCode.BAD_REQUEST, "method must be a string"),
                Arguments.of("{\"id\":7,\"method\":[\"ping\"]}", ErrorCode.BAD_REQUEST, "method must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"ping\",\"method\":\"ping\"}", ErrorCode.BAD_REQUEST, "duplicate field method"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\"}", ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{}}", ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":null}}", ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"\"}}", ErrorCode.BAD_REQUEST, "channel must not be empty"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":5}}", ErrorCode.BAD_REQUEST, "channel must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":{\"x\":1}}}", ErrorCode.BAD_REQUEST, "channel must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"channel\":\"d\"}}", ErrorCode.BAD_REQUEST, "duplicate field channel"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"recover\":\"yes\"}}", ErrorCode.BAD_REQUEST, "recover must be a boolean"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"recover\":1}}", ErrorCode.BAD_REQUEST, "recover must be a boolean"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":-1}}", ErrorCode.BAD_REQUEST, "offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":1.5}}", ErrorCode.BAD_REQUEST, "offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":\"5\"}}", ErrorCode.BAD_REQUEST, "offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"offset\":99999999999999999999}}", ErrorCode.BAD_REQUEST, "offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"epoch\":1}}", ErrorCode.BAD_REQUEST, "epoch must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"unsubscribe\",\"params\":{\"chanel\":\"c\"}}", ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":{\"channel\":\"c\"}}", ErrorCode.BAD_REQUEST, "data is required"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":{\"data\":{}}}", ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":1,\"data\":2}}", ErrorCode.BAD_REQUEST, "duplicate field data"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":\"{\\\"channel\\\":\\\"c\\\",\\\"data\\\":1}\"}", ErrorCode.BAD_REQUEST, "params must be an object"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":[{\"channel\":\"c\",\"data\":1}]}", ErrorCode.BAD_REQUEST, "params must be an object"),
                Arguments.of("{\"id\":7,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":1},\"params\":{}}", ErrorCode.BAD_REQUEST, "duplicate field params"),
                Arguments.of("{\"id\":7,\"method\":\"ping\",\"params\":5}", ErrorCode.BAD_REQUEST, "params must be an object"),
                Arguments.of("{\"id\":7,\"method\":\"send\",\"params\":{\"data\":1}}", ErrorCode.BAD_REQUEST, "user is required"),
                Arguments.of("{\"id\":7,\"method\":\"send\",\"params\":{\"user\":\"bob\"}}", ErrorCode.BAD_REQUEST, "data is required"),
                Arguments.of("{\"id\":7,\"method\":\"send\",\"params\":{\"user\":[\"bob\"],\"data\":1}}", ErrorCode.BAD_REQUEST, "user must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"presence\",\"params\":{\"channel\":true}}", ErrorCode.BAD_REQUEST, "channel must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"limit\":-1}}", ErrorCode.BAD_REQUEST, "limit must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"limit\":2147483648}}", ErrorCode.BAD_REQUEST, "limit must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"limit\":\"10\"}}", ErrorCode.BAD_REQUEST, "limit must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":5}}", ErrorCode.BAD_REQUEST, "since must be an object"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{}}}", ErrorCode.BAD_REQUEST, "since.offset is required"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"offset\":\"1\",\"epoch\":\"e\"}}}", ErrorCode.BAD_REQUEST, "since.offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"offset\":-2,\"epoch\":\"e\"}}}", ErrorCode.BAD_REQUEST, "since.offset must be a non-negative integer"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"offset\":1,\"epoch\":2}}}", ErrorCode.BAD_REQUEST, "since.epoch must be a string"),
                Arguments.of("{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"offset\":1,\"offset\":2}}}", ErrorCode.BAD_REQUEST, "duplicate field since.offset"),
                Arguments.of("{\"id\":7,\"method\":\"refresh\"}", ErrorCode.BAD_REQUEST, "token is required"),
                Arguments.of("{\"id\":7,\"method\":\"refresh\",\"params\":{\"token\":5}}", ErrorCode.BAD_REQUEST, "token must be a string"),
                // the id may come last: the error still carries it
                Arguments.of("{\"method\":\"publish\",\"params\":{\"channel\":\"c\"},\"id\":7}", ErrorCode.BAD_REQUEST, "data is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommands")
    void badCommandsAreAnsweredWithTheirId(String frame, ErrorCode code, String detail) {
        ProtocolException e = catchThrowableOfType(() -> JSON.decodeCommand(utf8(frame)), ProtocolException.class);

        assertThat(e).isNotNull();
        assertThat(e.commandId()).isEqualTo(7);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains(detail);
        assertThat(e.toReplyError().code()).isEqualTo(code.code());
    }

    @Test
    void unknownMethodNameIsSanitisedInTheMessage() {
        String method = "x\u0001y" + "z".repeat(100);
        ProtocolException e = catchThrowableOfType(() -> JSON.decodeCommand(utf8(
                "{\"id\":3,\"method\":\"x\\u0001y" + "z".repeat(100) + "\"}")), ProtocolException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
        assertThat(e.getMessage()).doesNotContain("\u0001").hasSizeLessThan(method.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":1,\"method\":\"ping\",\"params\":{\"channel\":5,\"data\":[,]}}",
    })
    void structurallyInvalidJsonInsideParamsIsUnreadable(String frame) {
        ProtocolException e = catchThrowableOfType(() -> JSON.decodeCommand(utf8(frame)), ProtocolException.class);
        assertThat(e.commandId()).isZero();
    }

    @Test
    void paramsUnusedByTheMethodAreNotChecked() throws Exception {
        assertThat(JSON.decodeCommand(utf8("{\"id\":1,\"method\":\"ping\",\"params\":{\"channel\":5,\"data\":[1]}}")))
                .isEqualTo(new Command.Ping(1));
        assertThat(JSON.decodeCommand(utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":1,\"limit\":\"x\",\"since\":7}}")))
                .isEqualTo(new Command.Publish(1, "c", Payload.ofJson("1")));
    }

    // ---------------------------------------------------------------------------------------------
    // Fuzzing: mutated frames only ever give a ProtocolException or a valid command

    @Test
    void mutatedFramesNeverEscapeAsOtherExceptions() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (Command c : Samples.commands()) {
            seeds.add(JSON.encodeCommand(c));
        }
        seeds.add(utf8("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":{ \"a\" : [1, \"x\\\"y\", {\"b\":null}] }}}"));
        Random random = new Random(20240611L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Command command;
            try {
                command = JSON.decodeCommand(frame);
            } catch (ProtocolException e) {
                assertThat(e.commandId()).isBetween(0L, JsonSupport.MAX_ID);
                continue;
            }
            accepted++;
            assertThat(command.id()).isBetween(1L, JsonSupport.MAX_ID);
            Payload data = command instanceof Command.Publish p ? p.data()
                    : command instanceof Command.Send s ? s.data() : null;
            if (data != null) {
                // what was accepted can be broadcast: it is valid JSON and decodes back unchanged
                assertThat(JsonSupport.jsonValueProblem(data.json())).isNull();
                Push push = new Push.PublicationPush("c", new Publication("p", 1, data, null));
                assertThat(JSON.decodeServerFrame(JSON.encodePush(push))).isEqualTo(new ServerFrame.PushFrame(push));
            }
            assertThat(JSON.decodeCommand(JSON.encodeCommand(command))).isEqualTo(command);
        }
        assertThat(accepted).isPositive();
    }

    private static final String MUTATIONS = "{}[]\":,\\ 0-.eE\n1tfnu";

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
                case 2 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] frame = new byte[random.nextInt(64)];
            random.nextBytes(frame);
            try {
                JSON.decodeCommand(frame);
            } catch (ProtocolException expected) {
                assertThat(expected.commandId()).isZero();
            }
            try {
                JSON.decodeServerFrame(frame);
            } catch (ProtocolException expected) {
                // fine
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The frame with its single '@' replaced by raw bytes. */
    static byte[] withBytes(String frame, byte[] raw) {
        int at = frame.indexOf('@');
        return concat(concat(utf8(frame.substring(0, at)), raw), utf8(frame.substring(at + 1)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
