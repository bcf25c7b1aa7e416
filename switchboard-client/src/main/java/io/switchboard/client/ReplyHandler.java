package io.switchboard.client;

import io.switchboard.protocol.Reply;

/** Whoever waits for the reply to one command. Called on the client's loop, at most once. */
interface ReplyHandler {

    ReplyHandler IGNORE = new ReplyHandler() {
        @Override
        public void onReply(Reply reply) {
        }

        @Override
        public void onFailure(SwitchboardException error) {
        }
    };

    void onReply(Reply reply);

    /** No reply will come: timeout, connection lost, client disconnected or closed. */
    void onFailure(SwitchboardException error);
}
