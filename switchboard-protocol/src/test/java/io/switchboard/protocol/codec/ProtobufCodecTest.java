package io.switchboard.protocol.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.pb.HistoryParams;
import io.switchboard.protocol.pb.PublishParams;
import io.switchboard.protocol.pb.SendParams;
import io.switchboard.protocol.pb.StreamPosition;
import io.switchboard.protocol.pb.SubscribeParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProtobufCodecTest {

    private static final ProtobufCodec PROTO = Codecs.PROTOBUF;

    private static io.switchboard.protocol.pb.Command.Builder command(long id) {
        return io.switchboard.protocol.pb.Command.newBuilder().setId(id);
    }

    private static byte[] publish(byte[] data) {
        return command(9).setPublish(PublishParams.newBuilder().setChannel("c").setData(ByteString.copyFrom(data)))
                .build().toByteArray();
    }

    private static ProtocolException fail(byte[] frame) {
        ProtocolException e = catchThrowableOfType(() -> PROTO.decodeCommand(frame), ProtocolException.class);
        assertThat(e).as("a ProtocolException").isNotNull();
        return e;
    }

    @Test
    void wireIsTheSchema() throws Exception {
        // the generated classes and the codec agree field by field
        byte[] frame = PROTO.encodeCommand(new Command.History(5, "c", 10, new io.switchboard.protocol.StreamPosition(3, "e")));
        var parsed = io.switchboard.protocol.pb.Command.parseFrom(frame);

        assertThat(parsed.getId()).isEqualTo(5);
        assertThat(parsed.getParamsCase()).isEqualTo(io.switchboard.protocol.pb.Command.ParamsCase.HISTORY);
        assertThat(parsed.getHistory().getSince().getOffset()).isEqualTo(3);

        byte[] push = PROTO.encodePush(new Push.Message(Payload.ofJson("{\"a\":1}"), null));
        var message = io.switchboard.protocol.pb.ServerMessage.parseFrom(push);
        assertThat(message.getPush().getMessage().getData().toStringUtf8()).isEqualTo("{\"a\":1}");
        assertThat(message.getPush().getMessage().hasFrom()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // Unreadable: commandId 0

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("empty frame", new byte[0]),
                Arguments.of("id missing", command(0).setPing(io.switchboard.protocol.pb.PingParams.getDefaultInstance()).build().toByteArray()),
                Arguments.of("id 2^53", command(1L << 53).build().toByteArray()),
                Arguments.of("id above 2^63", command(-1L).build().toByteArray()),
                Arguments.of("truncated", java.util.Arrays.copyOf(publish("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), 8)),
                Arguments.of("garbage", new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}),
                Arguments.of("JSON text", "{\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("invalid UTF-8 in channel", invalidUtf8Channel()),
                Arguments.of("nested unknown groups", nestedGroups(10_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void unreadableFramesHaveNoCommandId(String name, byte[] frame) {
        ProtocolException e = fail(frame);

        assertThat(e.commandId()).isZero();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    private static byte[] invalidUtf8Channel() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt64(1, 3);
            // field 11 (unsubscribe) holding field 1 (channel) = 0xFF
            c.writeTag(11, 2);
            c.writeUInt32NoTag(3);
            c.writeTag(1, 2);
            c.writeUInt32NoTag(1);
            c.writeRawByte((byte) 0xFF);
            c.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A valid id followed by deeply nested unknown start-group tags: must not recurse unbounded. */
    private static byte[] nestedGroups(int depth) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt64(1, 3);
            for (int i = 0; i < depth; i++) {
                c.writeTag(99, 3); // start group
            }
            for (int i = 0; i < depth; i++) {
                c.writeTag(99, 4); // end group
            }
            c.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Readable id, bad command

    static Stream<Arguments> badCommands() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'};
        return Stream.of(
                Arguments.of("no method", command(9).build().toByteArray(), ErrorCode.METHOD_NOT_FOUND, "method"),
                Arguments.of("future method", futureMethod(), ErrorCode.METHOD_NOT_FOUND, "method"),
                Arguments.of("empty channel", command(9).setSubscribe(SubscribeParams.getDefaultInstance()).build().toByteArray(),
                        ErrorCode.BAD_REQUEST, "channel is required"),
                Arguments.of("offset above 2^63", command(9).setSubscribe(SubscribeParams.newBuilder().setChannel("c").setOffset(-5))
                        .build().toByteArray(), ErrorCode.BAD_REQUEST, "offset must be a non-negative integer"),
                Arguments.of("limit above 2^31", command(9).setHistory(HistoryParams.newBuilder().setChannel("c").setLimit(-1))
                        .build().toByteArray(), ErrorCode.BAD_REQUEST, "limit must be a non-negative integer"),
                Arguments.of("since offset above 2^63", command(9).setHistory(HistoryParams.newBuilder().setChannel("c")
                        .setSince(StreamPosition.newBuilder().setOffset(Long.MIN_VALUE))).build().toByteArray(),
                        ErrorCode.BAD_REQUEST, "since.offset must be a non-negative integer"),
                Arguments.of("no data", publish(new byte[0]), ErrorCode.BAD_REQUEST, "data is required"),
                Arguments.of("no user", command(9).setSend(SendParams.newBuilder().setData(ByteString.copyFromUtf8("1")))
                        .build().toByteArray(), ErrorCode.BAD_REQUEST, "user is required"),
                Arguments.of("no token", command(9).setRefresh(io.switchboard.protocol.pb.RefreshParams.getDefaultInstance())
                        .build().toByteArray(), ErrorCode.BAD_REQUEST, "token is required"),
                Arguments.of("data not JSON", publish(utf8("hello")), ErrorCode.BAD_REQUEST, "data must be one well-formed JSON value"),
                Arguments.of("data whitespace only", publish(utf8("  ")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data truncated", publish(utf8("{\"a\":")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data unterminated string", publish(utf8("\"abc")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data two values", publish(utf8("{} {}")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data trailing garbage", publish(utf8("1 x")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data trailing garbage after string", publish(utf8("\"a\"x")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data bad escape", publish(utf8("\"\\x\"")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data raw control character", publish(utf8("\"a\u0001\"")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data NaN", publish(utf8("NaN")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data comment", publish(utf8("/**/1")), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data invalid UTF-8", publish(new byte[]{'"', (byte) 0xFF, '"'}), ErrorCode.BAD_REQUEST, "UTF-8"),
                Arguments.of("data UTF-8 surrogate", publish(new byte[]{'"', (byte) 0xED, (byte) 0xB0, (byte) 0x80, '"'}), ErrorCode.BAD_REQUEST, "UTF-8"),
                Arguments.of("data UTF-16", publish("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE)), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data byte order mark", publish(bom), ErrorCode.BAD_REQUEST, "byte order mark"),
                Arguments.of("data depth bomb", publish(utf8("[".repeat(10_000) + "]".repeat(10_000))), ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("data one level too deep", publish(utf8("[".repeat(JsonSupport.MAX_DATA_DEPTH + 1) + "]".repeat(JsonSupport.MAX_DATA_DEPTH + 1))),
                        ErrorCode.BAD_REQUEST, "data"),
                Arguments.of("send data not JSON", command(9).setSend(SendParams.newBuilder().setUser("bob").setData(ByteString.copyFromUtf8("{")))
                        .build().toByteArray(), ErrorCode.BAD_REQUEST, "data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommands")
    void badCommandsAreAnsweredWithTheirId(String name, byte[] frame, ErrorCode code, String detail) {
        ProtocolException e = fail(frame);

        assertThat(e.commandId()).isEqualTo(9);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains(detail);
    }

    private static byte[] futureMethod() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt64(1, 9);
            c.writeTag(18, 2); // a params variant this version does not know
            c.writeUInt32NoTag(0);
            c.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dataAcceptedIsWhatAJsonCommandAccepts() throws Exception {
        String deepest = "[".repeat(JsonSupport.MAX_DATA_DEPTH) + "]".repeat(JsonSupport.MAX_DATA_DEPTH);
        for (String data : List.of(deepest, "null", "0", "\"\"", " {\"a\" : [1, 2.5e3]} ", "\"\\u00e9 \u00e9 \uD83D\uDE00\"")) {
            Command c = PROTO.decodeCommand(publish(utf8(data)));
            assertThat(c).isEqualTo(new Command.Publish(9, "c", Payload.ofJson(data)));
            // and it reaches JSON subscribers as valid JSON
            Push push = new Push.PublicationPush("c", new Publication("p", 1, ((Command.Publish) c).data(), null));
            assertThat(Codecs.JSON.decodeServerFrame(Codecs.JSON.encodePush(push))).isInstanceOf(ServerFrame.PushFrame.class);
        }
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeUInt64(1, 4);
        c.writeString(99, "from the future");
        c.writeMessage(16, io.switchboard.protocol.pb.PingParams.getDefaultInstance());
        c.flush();

        assertThat(PROTO.decodeCommand(out.toByteArray())).isEqualTo(new Command.Ping(4));
    }

    @Test
    void aPushOfAnUnknownKindDecodesToUnknown() throws Exception {
        // a newer server's push type: a Push.kind field number this schema lacks
        ByteArrayOutputStream push = new ByteArrayOutputStream();
        CodedOutputStream p = CodedOutputStream.newInstance(push);
        p.writeMessage(12, io.switchboard.protocol.pb.ConnectedPush.newBuilder().setClient("c").build());
        p.flush();

        assertThat(PROTO.decodeServerFrame(serverPush(push.toByteArray())))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("#12")));

        ByteArrayOutputStream scalar = new ByteArrayOutputStream();
        CodedOutputStream q = CodedOutputStream.newInstance(scalar);
        q.writeString(99, "from the future");
        q.writeUInt64(40, 1);
        q.flush();
        assertThat(PROTO.decodeServerFrame(serverPush(scalar.toByteArray())))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("#40")));
    }

    @Test
    void aPushOfNoKindStillFails() throws Exception {
        // empty Push
        assertThat(catchThrowableOfType(() -> PROTO.decodeServerFrame(serverPush(new byte[0])), ProtocolException.class))
                .isNotNull();
        // a known kind number with the wrong wire type is not a new push type
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeUInt64(2, 5);
        c.flush();
        assertThat(catchThrowableOfType(() -> PROTO.decodeServerFrame(serverPush(out.toByteArray())), ProtocolException.class))
                .isNotNull();
        // a ServerMessage with neither a reply nor a push, and garbage
        assertThat(catchThrowableOfType(() -> PROTO.decodeServerFrame(new byte[] {(byte) 0x18, 1}), ProtocolException.class))
                .isNotNull();
        assertThat(catchThrowableOfType(() -> PROTO.decodeServerFrame(new byte[] {0x12, 0x05, 0x62}), ProtocolException.class))
                .isNotNull();
    }

    @Test
    void anUnknownPushCannotBeEncoded() {
        assertThatThrownBy(() -> PROTO.encodePush(new Push.Unknown("#12")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A ServerMessage whose push (field 2) holds exactly these bytes. */
    private static byte[] serverPush(byte[] pushBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeByteArray(2, pushBytes);
        c.flush();
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Fuzzing

    @Test
    void randomBytesOnlyEverGiveAProtocolExceptionOrAValidCommand() throws Exception {
        Random random = new Random(42);
        int commands = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] frame = new byte[random.nextInt(48)];
            random.nextBytes(frame);
            if (check(frame)) {
                commands++;
            }
            try {
                PROTO.decodeServerFrame(frame);
            } catch (ProtocolException expected) {
                // fine: only this exception type may come out
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(0);
    }

    @Test
    void mutatedFramesOnlyEverGiveAProtocolExceptionOrAValidCommand() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (Command c : Samples.commands()) {
            seeds.add(PROTO.encodeCommand(c));
        }
        Random random = new Random(1234);
        int commands = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            if (check(frame)) {
                commands++;
            }
        }
        assertThat(commands).isPositive();
    }

    /** Decodes; true when a command came out, which must then be valid in every way a JSON one is. */
    private static boolean check(byte[] frame) throws Exception {
        Command command;
        try {
            command = PROTO.decodeCommand(frame);
        } catch (ProtocolException e) {
            assertThat(e.commandId()).isBetween(0L, JsonSupport.MAX_ID);
            return false;
        }
        assertThat(command.id()).isBetween(1L, JsonSupport.MAX_ID);
        Payload data = command instanceof Command.Publish p ? p.data()
                : command instanceof Command.Send s ? s.data() : null;
        if (data != null) {
            assertThat(JsonSupport.jsonValueProblem(data.json())).isNull();
        }
        // the same command survives the JSON subprotocol too
        Command viaJson = Codecs.JSON.decodeCommand(Codecs.JSON.encodeCommand(command));
        assertThat(viaJson.id()).isEqualTo(command.id());
        assertThat(viaJson.method()).isEqualTo(command.method());
        return true;
    }

    @Test
    void payloadBytesAreSharedNotReencoded() throws Exception {
        Payload data = Payload.ofJson("{ \"spaced\" : true }");
        byte[] frame = PROTO.encodePush(new Push.Message(data, "alice"));

        var decoded = (ServerFrame.PushFrame) PROTO.decodeServerFrame(frame);
        assertThat(((Push.Message) decoded.push()).data()).isEqualTo(data);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
