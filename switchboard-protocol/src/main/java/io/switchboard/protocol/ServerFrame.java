package io.switchboard.protocol;

/** What a client reads from the server: a reply to one of its commands, or a push. */
public sealed interface ServerFrame {

    record ReplyFrame(Reply reply) implements ServerFrame {
    }

    record PushFrame(Push push) implements ServerFrame {
    }
}
