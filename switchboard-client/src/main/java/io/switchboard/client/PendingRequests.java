package io.switchboard.client;

import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands sent and not yet answered, by id. Ids count up for the client's whole life, so a late reply
 * from an earlier connection never matches a newer command. Confined to the client's loop.
 */
final class PendingRequests {

    private final Loop loop;
    private final Map<Long, Entry> byId = new HashMap<>();
    private long lastId;

    PendingRequests(Loop loop) {
        this.loop = loop;
    }

    /** Registers a handler under a new id; with a timeout, the handler fails with TIMEOUT when it passes. */
    long register(ReplyHandler handler, Duration timeout) {
        long id = ++lastId;
        Entry entry = new Entry(handler);
        if (timeout != null) {
            entry.timer = loop.schedule(timeout, () -> {
                if (byId.remove(id, entry)) {
                    handler.onFailure(SwitchboardException.of(ClientErrorCode.TIMEOUT));
                }
            });
        }
        byId.put(id, entry);
        return id;
    }

    /** Hands a reply to its handler; false when no command with that id is pending. */
    boolean complete(Reply reply) {
        Entry entry = byId.remove(reply.id());
        if (entry == null) {
            return false;
        }
        entry.timer.cancel();
        entry.handler.onReply(reply);
        return true;
    }

    /** Forgets a command without calling its handler. */
    void forget(long id) {
        Entry entry = byId.remove(id);
        if (entry != null) {
            entry.timer.cancel();
        }
    }

    /** Fails every pending command (the connection ended). */
    void failAll(SwitchboardException error) {
        List<Entry> all = new ArrayList<>(byId.values());
        byId.clear();
        for (Entry e : all) {
            e.timer.cancel();
            e.handler.onFailure(error);
        }
    }

    int size() {
        return byId.size();
    }

    private static final class Entry {
        final ReplyHandler handler;
        Loop.Cancellable timer = Loop.Cancellable.NONE;

        Entry(ReplyHandler handler) {
            this.handler = handler;
        }
    }
}
