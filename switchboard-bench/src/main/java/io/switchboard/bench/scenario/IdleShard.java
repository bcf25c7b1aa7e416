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
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        return CompletableFuture.completedFuture(object());
    }

    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        ObjectNode o = object();
        o.put("closedWhileHeld", closed.sum());
        return CompletableFuture.completedFuture(o);
    }

    private final class Subscriber extends Subscribing {
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
