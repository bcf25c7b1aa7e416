package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ReplyError;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;

import java.util.List;

/** One instance of every command, result, error and push, with awkward values where it matters. */
final class Samples {

    static final Payload OBJECT = Payload.ofJson("{\"text\":\"h\u00e9llo \uD83D\uDE00 \\\"q\\\" \\u00e9\",\"n\":[1,2.50,-3e10,true,false,null],\"o\":{}}");
    static final Payload STRING = Payload.ofJson("\"just a string\"");
    static final Payload NUMBER = Payload.ofJson("12345678901234567890123.25");
    static final Payload NULL = Payload.ofJson("null");
    static final Payload ARRAY = Payload.ofJson("[]");
    static final Payload INFO = Payload.ofJson("{\"name\":\"Alice\",\"roles\":[\"admin\"]}");

    static final ClientInfo ALICE = new ClientInfo("c-1", "alice", INFO);
    static final ClientInfo BOB = new ClientInfo("c-2", "bob", null);

    static final Publication PUB_FULL = new Publication("p-1", 5, OBJECT, ALICE);
    static final Publication PUB_NO_INFO = new Publication("p-2", 6, STRING, null);
    static final Publication PUB_BOB = new Publication("p-3", 7, NUMBER, BOB);

    static List<Command> commands() {
        return List.of(
                new Command.Subscribe(1, "chat:lobby", false, 0, ""),
                new Command.Subscribe(2, "chat:lobby", true, 42, "epoch-1"),
                new Command.Subscribe(3, "news", false, 7, "e"),
                new Command.Unsubscribe(4, "chat:lobby"),
                new Command.Publish(5, "chat:lobby", OBJECT),
                new Command.Publish(6, "chat:\u00fcml\u00e4ut \"quoted\"", STRING),
                new Command.Publish(7, "n", NUMBER),
                new Command.Publish(8, "n", NULL),
                new Command.Send(9, "bob", ARRAY),
                new Command.Presence(10, "chat:lobby"),
                new Command.History(11, "chat:lobby", 0, null),
                new Command.History(12, "chat:lobby", 100, new StreamPosition(17, "ep")),
                new Command.History(13, "chat:lobby", Integer.MAX_VALUE, new StreamPosition(0, "")),
                new Command.Ping(14),
                new Command.Ping(JsonSupport.MAX_ID),
                new Command.Refresh(15, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.sig"));
    }

    static List<Result> results() {
        return List.of(
                Result.Empty.INSTANCE,
                new Result.Subscribe(5, "e", true, true, List.of(PUB_FULL, PUB_NO_INFO)),
                new Result.Subscribe(0, "", false, false, List.of()),
                new Result.Subscribe(9, "e2", true, false, List.of()),
                new Result.Publish(6, "e"),
                new Result.Publish(0, ""),
                new Result.Presence(List.of(ALICE, BOB)),
                new Result.Presence(List.of()),
                new Result.History(List.of(PUB_FULL, PUB_NO_INFO, PUB_BOB), 7, "e"),
                new Result.History(List.of(), 0, ""),
                new Result.Refresh(1_900_000_000L),
                new Result.Refresh(0));
    }

    static List<Reply> replies() {
        List<Reply> replies = new java.util.ArrayList<>();
        long id = 1;
        for (Result r : results()) {
            replies.add(Reply.ok(id++, r));
        }
        for (ErrorCode code : ErrorCode.values()) {
            replies.add(Reply.error(id++, code));
        }
        replies.add(Reply.error(id++, ReplyError.of(ErrorCode.BAD_REQUEST, "channel is required")));
        replies.add(Reply.error(JsonSupport.MAX_ID, new ReplyError(4001, "application \u00e9rror \"x\"", true)));
        return replies;
    }

    static List<Push> pushes() {
        return List.of(
                new Push.Connected("c-1", "alice", "node-1", 25, 0),
                new Push.Connected("c-2", "bob", "node-1", 25, 1767225600L),
                new Push.PublicationPush("chat:lobby", PUB_FULL),
                new Push.PublicationPush("chat:lobby", PUB_NO_INFO),
                new Push.PublicationPush("chat:lobby", PUB_BOB),
                new Push.Message(OBJECT, "alice"),
                new Push.Message(STRING, null),
                new Push.Join("chat:lobby", ALICE),
                new Push.Join("chat:lobby", BOB),
                new Push.Leave("chat:lobby", ALICE),
                new Push.Unsubscribed("chat:lobby", 2500, "channel closed"),
                Push.Disconnect.of(DisconnectCode.SLOW_CONSUMER, 1200),
                Push.Disconnect.of(DisconnectCode.BAD_REQUEST, 0),
                new Push.Disconnect(4000, "application reason", true, Long.MAX_VALUE));
    }

    private Samples() {
    }
}
