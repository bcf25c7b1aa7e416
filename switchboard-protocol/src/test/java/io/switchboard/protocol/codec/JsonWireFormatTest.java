package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pins the documented JSON wire format (docs/protocol.md): exact bytes out, and the same literal text
 * decodes back to the same value.
 */
class JsonWireFormatTest {

    private static final JsonCodec JSON = Codecs.JSON;

    private static final ClientInfo ALICE = new ClientInfo("c1", "alice", Payload.ofJson("{\"name\":\"Alice\"}"));
    private static final ClientInfo BOB = new ClientInfo("c2", "bob", null);

    static Stream<Arguments> pushes() {
        return Stream.of(
                Arguments.of(new Push.Connected("c1", "alice", "node-1", 25, 1767225600),
                        "{\"push\":\"connected\",\"client\":\"c1\",\"user\":\"alice\",\"node\":\"node-1\",\"heartbeat\":25,\"expires\":1767225600}"),
                Arguments.of(new Push.PublicationPush("chat:lobby",
                                new Publication("p1", 5, Payload.ofJson("{\"text\":\"hi\"}"), ALICE)),
                        "{\"push\":\"publication\",\"channel\":\"chat:lobby\",\"id\":\"p1\",\"offset\":5,"
                                + "\"data\":{\"text\":\"hi\"},\"info\":{\"client\":\"c1\",\"user\":\"alice\",\"info\":{\"name\":\"Alice\"}}}"),
                Arguments.of(new Push.PublicationPush("chat:lobby",
                                new Publication("p2", 0, Payload.ofJson("[1,2]"), null)),
                        "{\"push\":\"publication\",\"channel\":\"chat:lobby\",\"id\":\"p2\",\"offset\":0,\"data\":[1,2]}"),
                Arguments.of(new Push.PublicationPush("chat:lobby",
                                new Publication("p3", 1, Payload.ofJson("true"), BOB)),
                        "{\"push\":\"publication\",\"channel\":\"chat:lobby\",\"id\":\"p3\",\"offset\":1,\"data\":true,"
                                + "\"info\":{\"client\":\"c2\",\"user\":\"bob\"}}"),
                Arguments.of(new Push.Message(Payload.ofJson("{\"x\":1}"), "alice"),
                        "{\"push\":\"message\",\"data\":{\"x\":1},\"from\":\"alice\"}"),
                Arguments.of(new Push.Message(Payload.ofJson("\"hello\""), null),
                        "{\"push\":\"message\",\"data\":\"hello\"}"),
                Arguments.of(new Push.Join("chat:lobby", ALICE),
                        "{\"push\":\"join\",\"channel\":\"chat:lobby\",\"info\":{\"client\":\"c1\",\"user\":\"alice\",\"info\":{\"name\":\"Alice\"}}}"),
                Arguments.of(new Push.Leave("chat:lobby", BOB),
                        "{\"push\":\"leave\",\"channel\":\"chat:lobby\",\"info\":{\"client\":\"c2\",\"user\":\"bob\"}}"),
                Arguments.of(new Push.Unsubscribed("chat:lobby", 2500, "channel closed"),
                        "{\"push\":\"unsubscribed\",\"channel\":\"chat:lobby\",\"code\":2500,\"reason\":\"channel closed\"}"),
                Arguments.of(Push.Disconnect.of(DisconnectCode.SLOW_CONSUMER, 1200),
                        "{\"push\":\"disconnect\",\"code\":3001,\"reason\":\"slow consumer\",\"reconnect\":true,\"delay\":1200}"));
    }

    static Stream<Arguments> replies() {
        Publication pub = new Publication("p1", 5, Payload.ofJson("{\"a\":1}"), ALICE);
        Publication anon = new Publication("p2", 6, Payload.ofJson("2"), null);
        return Stream.of(
                Arguments.of(Reply.ok(1, Result.Empty.INSTANCE), "{\"id\":1,\"result\":{}}"),
                Arguments.of(Reply.ok(2, new Result.Subscribe(5, "e", true, true, List.of(pub))),
                        "{\"id\":2,\"result\":{\"offset\":5,\"epoch\":\"e\",\"recoverable\":true,\"recovered\":true,"
                                + "\"publications\":[{\"id\":\"p1\",\"offset\":5,\"data\":{\"a\":1},"
                                + "\"info\":{\"client\":\"c1\",\"user\":\"alice\",\"info\":{\"name\":\"Alice\"}}}]}}"),
                Arguments.of(Reply.ok(3, new Result.Subscribe(0, "", false, false, List.of())),
                        "{\"id\":3,\"result\":{\"offset\":0,\"epoch\":\"\",\"recoverable\":false,\"recovered\":false}}"),
                Arguments.of(Reply.ok(4, new Result.Publish(6, "e")), "{\"id\":4,\"result\":{\"offset\":6,\"epoch\":\"e\"}}"),
                Arguments.of(Reply.ok(5, new Result.Presence(List.of(ALICE, BOB))),
                        "{\"id\":5,\"result\":{\"clients\":[{\"client\":\"c1\",\"user\":\"alice\",\"info\":{\"name\":\"Alice\"}},"
                                + "{\"client\":\"c2\",\"user\":\"bob\"}]}}"),
                Arguments.of(Reply.ok(6, new Result.History(List.of(anon), 6, "e")),
                        "{\"id\":6,\"result\":{\"publications\":[{\"id\":\"p2\",\"offset\":6,\"data\":2}],\"offset\":6,\"epoch\":\"e\"}}"),
                Arguments.of(Reply.ok(7, new Result.History(List.of(), 0, "e")),
                        "{\"id\":7,\"result\":{\"publications\":[],\"offset\":0,\"epoch\":\"e\"}}"),
                Arguments.of(Reply.ok(8, new Result.Refresh(1700000000L)), "{\"id\":8,\"result\":{\"expires\":1700000000}}"),
                Arguments.of(Reply.error(9, ErrorCode.PERMISSION_DENIED),
                        "{\"id\":9,\"error\":{\"code\":103,\"message\":\"permission denied\",\"temporary\":false}}"),
                Arguments.of(Reply.error(10, ErrorCode.TOO_MANY_REQUESTS),
                        "{\"id\":10,\"error\":{\"code\":111,\"message\":\"too many requests\",\"temporary\":true}}"));
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(new Command.Subscribe(1, "chat:lobby", false, 0, ""),
                        "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"chat:lobby\"}}"),
                Arguments.of(new Command.Subscribe(2, "chat:lobby", true, 5, "e"),
                        "{\"id\":2,\"method\":\"subscribe\",\"params\":{\"channel\":\"chat:lobby\",\"recover\":true,\"offset\":5,\"epoch\":\"e\"}}"),
                Arguments.of(new Command.Unsubscribe(3, "chat:lobby"),
                        "{\"id\":3,\"method\":\"unsubscribe\",\"params\":{\"channel\":\"chat:lobby\"}}"),
                Arguments.of(new Command.Publish(4, "chat:lobby", Payload.ofJson("{\"text\":\"hi\"}")),
                        "{\"id\":4,\"method\":\"publish\",\"params\":{\"channel\":\"chat:lobby\",\"data\":{\"text\":\"hi\"}}}"),
                Arguments.of(new Command.Send(5, "bob", Payload.ofJson("[1]")),
                        "{\"id\":5,\"method\":\"send\",\"params\":{\"user\":\"bob\",\"data\":[1]}}"),
                Arguments.of(new Command.Presence(6, "chat:lobby"),
                        "{\"id\":6,\"method\":\"presence\",\"params\":{\"channel\":\"chat:lobby\"}}"),
                Arguments.of(new Command.History(7, "chat:lobby", 10, new StreamPosition(3, "e")),
                        "{\"id\":7,\"method\":\"history\",\"params\":{\"channel\":\"chat:lobby\",\"limit\":10,\"since\":{\"offset\":3,\"epoch\":\"e\"}}}"),
                Arguments.of(new Command.History(8, "chat:lobby", 0, null),
                        "{\"id\":8,\"method\":\"history\",\"params\":{\"channel\":\"chat:lobby\"}}"),
                Arguments.of(new Command.Ping(9), "{\"id\":9,\"method\":\"ping\"}"),
                Arguments.of(new Command.Refresh(10, "tok"),
                        "{\"id\":10,\"method\":\"refresh\",\"params\":{\"token\":\"tok\"}}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("pushes")
    void pushWireFormat(Push push, String json) throws Exception {
        assertThat(text(JSON.encodePush(push))).isEqualTo(json);
        assertThat(JSON.decodeServerFrame(bytes(json))).isEqualTo(new ServerFrame.PushFrame(push));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("replies")
    void replyWireFormat(Reply reply, String json) throws Exception {
        assertThat(text(JSON.encodeReply(reply))).isEqualTo(json);
        assertThat(JSON.decodeServerFrame(bytes(json))).isEqualTo(new ServerFrame.ReplyFrame(reply));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("commands")
    void commandWireFormat(Command command, String json) throws Exception {
        assertThat(text(JSON.encodeCommand(command))).isEqualTo(json);
        assertThat(JSON.decodeCommand(bytes(json))).isEqualTo(command);
    }

    @Test
    void errorReplyCarriesTheDetail() {
        Reply reply = Reply.error(3, ReplyError.of(ErrorCode.BAD_REQUEST, "channel is required"));

        assertThat(text(JSON.encodeReply(reply)))
                .isEqualTo("{\"id\":3,\"error\":{\"code\":107,\"message\":\"bad request: channel is required\",\"temporary\":false}}");
    }

    @Test
    void stringsAreEscapedAndNonAsciiStaysUtf8() {
        Push push = new Push.Unsubscribed("a\"b\\c\n\u00e9", 1, "\u0001");

        assertThat(text(JSON.encodePush(push)))
                .isEqualTo("{\"push\":\"unsubscribed\",\"channel\":\"a\\\"b\\\\c\\n\u00e9\",\"code\":1,\"reason\":\"\\u0001\"}");
    }

    @Test
    void payloadBytesAreEmbeddedVerbatim() {
        // Whatever the Payload holds goes out byte for byte: no re-parse, no re-formatting.
        Payload data = Payload.ofJson("{ \"n\" : 1.50e+10 , \"s\":\"\\u00e9\\/\" }");

        assertThat(text(JSON.encodePush(new Push.Message(data, null))))
                .isEqualTo("{\"push\":\"message\",\"data\":{ \"n\" : 1.50e+10 , \"s\":\"\\u00e9\\/\" }}");
    }

    @Test
    void largePayloadIsEmbeddedVerbatim() throws Exception {
        String big = "[" + "\"x\",".repeat(20_000) + "\"end\"]";
        Push push = new Push.PublicationPush("c", new Publication("p", 1, Payload.ofJson(big), null));

        byte[] frame = JSON.encodePush(push);

        assertThat(text(frame)).isEqualTo(
                "{\"push\":\"publication\",\"channel\":\"c\",\"id\":\"p\",\"offset\":1,\"data\":" + big + "}");
        assertThat(JSON.decodeServerFrame(frame)).isEqualTo(new ServerFrame.PushFrame(push));
    }

    @Test
    void decodedDataIsCompactedButOtherwiseExact() throws Exception {
        String frame = "{\"id\":1,\"method\":\"publish\",\"params\":{\"data\": {\n\t\"a\" : [ 1 , 2.50e+3 , -0 ] ,"
                + " \"s\" : \" x  y \\\" \\\\\" , \"u\":\"\\u00e9\u00e9\uD83D\uDE00\" } , \"channel\":\"c\"}}";

        Command.Publish publish = (Command.Publish) JSON.decodeCommand(bytes(frame));

        assertThat(publish.data().asString())
                .isEqualTo("{\"a\":[1,2.50e+3,-0],\"s\":\" x  y \\\" \\\\\",\"u\":\"\\u00e9\u00e9\uD83D\uDE00\"}");
    }

    @Test
    void scalarDataIsCaptured() throws Exception {
        assertThat(publishData("\"hello\"")).isEqualTo("\"hello\"");
        assertThat(publishData("\"\"")).isEqualTo("\"\"");
        assertThat(publishData("\"a\\\"}\"")).isEqualTo("\"a\\\"}\"");
        assertThat(publishData("42")).isEqualTo("42");
        assertThat(publishData("-1.5E-7")).isEqualTo("-1.5E-7");
        assertThat(publishData("true")).isEqualTo("true");
        assertThat(publishData("false")).isEqualTo("false");
        assertThat(publishData("null")).isEqualTo("null");
        assertThat(publishData("[]")).isEqualTo("[]");
        assertThat(publishData("{}")).isEqualTo("{}");
        assertThat(publishData("[{\"]\":\"[\"},[[]]]")).isEqualTo("[{\"]\":\"[\"},[[]]]");
    }

    private static String publishData(String data) throws Exception {
        // data last, then first, then with whitespace around it: always the same capture
        String a = ((Command.Publish) JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"c\",\"data\":" + data + "}}"))).data().asString();
        String b = ((Command.Publish) JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"data\":" + data + ",\"channel\":\"c\"}}"))).data().asString();
        String c = ((Command.Publish) JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"publish\",\"params\":{\"data\" : \r\n " + data + " \n,\"channel\":\"c\"} }"))).data().asString();
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
        return a;
    }

    @Test
    void fieldsInAnyOrderAndUnknownFieldsIgnored() throws Exception {
        String frame = "{\"params\":{\"extra\":{\"deep\":[1,{\"x\":null}]},\"channel\":\"c\",\"limit\":\"ignored for subscribe\"},"
                + "\"future\":[1,2,3],\"method\":\"subscribe\",\"id\":12}";

        assertThat(JSON.decodeCommand(bytes(frame))).isEqualTo(new Command.Subscribe(12, "c", false, 0, ""));
    }

    @Test
    void nullMeansAbsentForOptionalParams() throws Exception {
        assertThat(JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"c\",\"recover\":null,\"offset\":null,\"epoch\":null}}")))
                .isEqualTo(new Command.Subscribe(1, "c", false, 0, ""));
        assertThat(JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"limit\":null,\"since\":null}}")))
                .isEqualTo(new Command.History(1, "c", 0, null));
        assertThat(JSON.decodeCommand(bytes("{\"id\":1,\"method\":\"ping\",\"params\":null}")))
                .isEqualTo(new Command.Ping(1));
        assertThat(JSON.decodeCommand(bytes("{\"id\":1,\"method\":\"ping\",\"params\":{}}")))
                .isEqualTo(new Command.Ping(1));
    }

    @Test
    void sinceEpochIsOptional() throws Exception {
        assertThat(JSON.decodeCommand(bytes(
                "{\"id\":1,\"method\":\"history\",\"params\":{\"channel\":\"c\",\"since\":{\"offset\":4,\"x\":[]}}}")))
                .isEqualTo(new Command.History(1, "c", 0, new StreamPosition(4, "")));
    }

    @Test
    void largestIdAndWhitespaceAroundTheObjectAreAccepted() throws Exception {
        assertThat(JSON.decodeCommand(bytes(" \n{\"id\":9007199254740991,\"method\":\"ping\"}\r\n ")))
                .isEqualTo(new Command.Ping(9007199254740991L));
    }

    @Test
    void resultShapesAreRecognisedWithoutTheMethod() throws Exception {
        assertThat(result("{}")).isEqualTo(Result.Empty.INSTANCE);
        assertThat(result("{\"future\":1}")).isEqualTo(Result.Empty.INSTANCE);
        assertThat(result("{\"offset\":1,\"epoch\":\"e\"}")).isEqualTo(new Result.Publish(1, "e"));
        assertThat(result("{\"offset\":1,\"epoch\":\"e\",\"recoverable\":true,\"recovered\":false}"))
                .isEqualTo(new Result.Subscribe(1, "e", true, false, List.of()));
        assertThat(result("{\"publications\":[],\"offset\":1,\"epoch\":\"e\"}"))
                .isEqualTo(new Result.History(List.of(), 1, "e"));
        assertThat(result("{\"clients\":[]}")).isEqualTo(new Result.Presence(List.of()));
        assertThat(result("{\"expires\":5}")).isEqualTo(new Result.Refresh(5));
    }

    @Test
    void unknownPushTypesDecodeToUnknown() throws Exception {
        // a push type from a newer server: clients must ignore it, so it is not an error
        assertThat(JSON.decodeServerFrame(bytes("{\"push\":\"typing\",\"channel\":\"chat:lobby\",\"user\":\"bob\"}")))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("typing")));
        assertThat(JSON.decodeServerFrame(bytes("{\"push\":\"future\"}")))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("future")));
        // its fields are not looked at, whatever their shape
        assertThat(JSON.decodeServerFrame(bytes("{\"push\":\"future\",\"code\":\"x\",\"data\":[1,{\"a\":null}]}")))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("future")));
        // names are exact: a known name in another case is unknown
        assertThat(JSON.decodeServerFrame(bytes("{\"push\":\"Connected\"}")))
                .isEqualTo(new ServerFrame.PushFrame(new Push.Unknown("Connected")));
    }

    @Test
    void brokenPushFramesStillFail() {
        for (String frame : List.of(
                "{\"push\":\"\"}",                             // no type name
                "{\"push\":null}",
                "{\"push\":7}",
                "{\"push\":[\"typing\"]}",
                "{\"push\":{}}",
                "{\"push\":\"typing\"",                         // not JSON
                "[{\"push\":\"typing\"}]",                      // not an object
                "{\"push\":\"connected\",\"client\":\"c1\"}",     // a known push missing fields
                "{\"push\":\"disconnect\",\"code\":\"3000\",\"reason\":\"r\",\"reconnect\":true,\"delay\":0}")) {
            assertThat(catchThrowableOfType(() -> JSON.decodeServerFrame(bytes(frame)), ProtocolException.class))
                    .as(frame).isNotNull();
        }
    }

    @Test
    void anUnknownPushCannotBeEncoded() {
        assertThatThrownBy(() -> JSON.encodePush(new Push.Unknown("typing")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Result result(String json) throws Exception {
        ServerFrame f = JSON.decodeServerFrame(bytes("{\"id\":1,\"result\":" + json + "}"));
        return ((ServerFrame.ReplyFrame) f).reply().result();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
