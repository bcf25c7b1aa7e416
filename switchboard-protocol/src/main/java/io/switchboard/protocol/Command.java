package io.switchboard.protocol;

/**
 * A request from a client. Every command carries a positive {@code id} that its reply echoes.
 */
public sealed interface Command {

    long id();

    /** The method name as it appears on the wire. */
    String method();

    record Subscribe(long id, String channel, boolean recover, long offset, String epoch) implements Command {
        public String method() { return "subscribe"; }
    }

    record Unsubscribe(long id, String channel) implements Command {
        public String method() { return "unsubscribe"; }
    }

    record Publish(long id, String channel, Payload data) implements Command {
        public String method() { return "publish"; }
    }

    /** Unicast to every connection of {@code user}. */
    record Send(long id, String user, Payload data) implements Command {
        public String method() { return "send"; }
    }

    record Presence(long id, String channel) implements Command {
        public String method() { return "presence"; }
    }

    /** {@code limit} 0 means the server's default; {@code since} null means the newest publications. */
    record History(long id, String channel, int limit, StreamPosition since) implements Command {
        public String method() { return "history"; }
    }

    record Ping(long id) implements Command {
        public String method() { return "ping"; }
    }

    record Refresh(long id, String token) implements Command {
        public String method() { return "refresh"; }

        @Override
        public String toString() {
            return "Refresh[id=" + id + ", token=<redacted>]";
        }
    }
}
