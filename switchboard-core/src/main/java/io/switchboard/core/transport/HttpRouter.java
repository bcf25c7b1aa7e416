package io.switchboard.core.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Dispatches plain HTTP requests: {@code /ws} to the upgrader, everything else to the routes
 * (API, health, extra pages). Endpoints may answer later; the answer is written on this loop.
 * Only on the plain HTTP path: most upgrades never get here ({@link UpgradeRequestDecoder}).
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger ACCESS = LoggerFactory.getLogger("switchboard.access");
    static final String WS_PATH = "/ws";

    private final Map<String, HttpEndpoint> routes;
    private final WebSocketUpgrader upgrader;
    /**
     * Requests that arrived while an endpoint was still answering an earlier one (HTTP/1.1 pipelining):
     * answered in order once it has. Reading stops meanwhile, so this holds at most what one read
     * brought in.
     */
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean answering;

    HttpRouter(Map<String, HttpEndpoint> routes, WebSocketUpgrader upgrader) {
        this.routes = routes;
        this.upgrader = upgrader;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (answering) {
            pipelined.add(req.retain());
            return;
        }
        handle(ctx, req);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            HttpResponses.refuse(ctx, 400, "malformed HTTP request", null);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        if (path.equals(WS_PATH)) {
            UpgradeHead head;
            try {
                head = UpgradeHead.of(req, uri);
            } catch (IllegalArgumentException brokenEscape) {
                HttpResponses.refuse(ctx, 400, UpgradeHead.MALFORMED_QUERY, null);
                return;
            }
            upgrader.upgrade(ctx, head);
            return;
        }
        String method = req.method().name().toUpperCase(Locale.ROOT);
        HttpEndpoint endpoint = routes.get(method + " " + path);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        long started = System.nanoTime();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (endpoint == null) {
            boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
            HttpResult result = otherMethod ? HttpResult.text(405, "method not allowed\n") : HttpResult.text(404, "not found\n");
            log(method, path, result.status(), started, remote);
            HttpResponses.send(ctx, keepAlive, result);
            return;
        }
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        HttpCall call = new HttpCall(method, path, uri.parameters(), headers, ByteBufUtil.getBytes(req.content()), remote);
        CompletionStage<HttpResult> answer;
        try {
            answer = endpoint.handle(call);
        } catch (RuntimeException e) {
            answer = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        // Responses must leave in request order: until this one is answered, later requests wait.
        answering = true;
        ctx.channel().config().setAutoRead(false);
        answer.whenCompleteAsync((result, error) -> {
            HttpResult r = error == null ? result : HttpResult.json(500, "{\"error\":\"internal error\"}");
            if (error != null) {
                LoggerFactory.getLogger(HttpRouter.class).error("{} {} failed", method, path, error);
            }
            log(method, path, r.status(), started, remote);
            HttpResponses.send(ctx, keepAlive, r);
            answering = false;
            answerPipelined(ctx);
        }, ctx.executor());
    }

    /** Answers the requests that waited, in order, until one of them is answered later again. */
    private void answerPipelined(ChannelHandlerContext ctx) {
        while (!answering && ctx.channel().isActive() && !ctx.isRemoved()) {
            FullHttpRequest next = pipelined.poll();
            if (next == null) {
                ctx.channel().config().setAutoRead(true);
                return;
            }
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePipelined();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePipelined();
        super.channelInactive(ctx);
    }

    private void releasePipelined() {
        FullHttpRequest req;
        while ((req = pipelined.poll()) != null) {
            req.release();
        }
    }

    private static void log(String method, String path, int status, long started, InetSocketAddress remote) {
        ACCESS.info("http {} {} status={} duration_us={} remote={}", method, path, status,
                (System.nanoTime() - started) / 1000, remote == null ? "?" : remote.getAddress().getHostAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LoggerFactory.getLogger(HttpRouter.class).debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
