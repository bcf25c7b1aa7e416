package io.switchboard.core.hub;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The sessions of each user on this node, for unicast and per-user commands. Most users hold one
 * connection, so the map's value is the session itself until a second one arrives (then an array):
 * a set per user would cost a few hundred bytes per connection. Any thread; changes are atomic per
 * user.
 */
final class UserIndex {

    /** user → ClientSession, or ClientSession[] (two or more, immutable once published). */
    private final ConcurrentHashMap<String, Object> byUser = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        byUser.merge(session.user(), session, (existing, one) -> {
            if (existing instanceof ClientSession only) {
                return new ClientSession[] {only, session};
            }
            ClientSession[] many = (ClientSession[]) existing;
            ClientSession[] grown = Arrays.copyOf(many, many.length + 1);
            grown[many.length] = session;
            return grown;
        });
    }

    void remove(ClientSession session) {
        byUser.computeIfPresent(session.user(), (user, existing) -> {
            if (existing == session) {
                return null;
            }
            if (existing instanceof ClientSession) {
                return existing; // another session of this user
            }
            ClientSession[] many = (ClientSession[]) existing;
            int at = -1;
            for (int i = 0; i < many.length; i++) {
                if (many[i] == session) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return existing;
            }
            if (many.length == 2) {
                return many[1 - at];
            }
            ClientSession[] shrunk = new ClientSession[many.length - 1];
            System.arraycopy(many, 0, shrunk, 0, at);
            System.arraycopy(many, at + 1, shrunk, at, many.length - at - 1);
            return shrunk;
        });
    }

    /** {@code action} for each session of {@code user} at the time of the call. */
    void forEach(String user, Consumer<ClientSession> action) {
        Object found = byUser.get(user);
        if (found instanceof ClientSession only) {
            action.accept(only);
        } else if (found != null) {
            for (ClientSession s : (ClientSession[]) found) {
                action.accept(s);
            }
        }
    }

    boolean contains(String user) {
        return byUser.containsKey(user);
    }

    int size() {
        return byUser.size();
    }
}
