package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.BenchOptions;
import io.switchboard.bench.client.WsConnection;

import java.util.concurrent.CompletableFuture;

/** {@code connections}: idle, subscribed connections that only answer pings; counts any that drop. */
public final class IdleShard extends Shard {

    public IdleShard(BenchOptions options, int from, int count) {
        super(options, from, count, 0);
    }

    @Override
    protected String channelOf(int global) {
        return options.channel(global % options.channels);
    }

    @Override
    protected WsConnection.Listener listener(int global) {
        return new Subscriber();
    }

    @Override
    protected void subscribe(WsConnection c, String channel, CompletableFuture<Void> done) {
        ((Subscriber) c.listenerRef()).subscribed = done;
        c.send(dialect.subscribe(1, channel));
    }

    @Override
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        return CompletableFuture.completedFuture(object());
    }

    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        ObjectNode o = object();
        o.put("closedWhileHeld", closed.sum());
        return CompletableFuture.completedFuture(o);
    }

    private final class Subscriber implements WsConnection.Listener {
        CompletableFuture<Void> subscribed;

        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            if (id == 1 && subscribed != null) {
                if (error) {
                    subscribed.completeExceptionally(new IllegalStateException("subscribe refused"));
                } else {
                    subscribed.complete(null);
                }
            }
        }

        @Override
        public void onPublication(WsConnection c, io.netty.buffer.ByteBuf buf, int index, int length) {
            received.increment();
        }

        @Override
        public void onClosed(WsConnection c, String reason) {
            closed.increment();
        }
    }
}
