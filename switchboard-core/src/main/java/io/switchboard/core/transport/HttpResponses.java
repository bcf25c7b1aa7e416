package io.switchboard.core.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.core.http.HttpResult;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes plain HTTP responses, keeping or closing the connection as the request asked. Through the
 * HTTP codec when the connection has one; through a response encoder added for the purpose when it has
 * none ({@link UpgradeRequestDecoder} refusing an upgrade).
 */
final class HttpResponses {

    private HttpResponses() {
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResult result) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(result.status()), Unpooled.wrappedBuffer(result.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, result.contentType());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : result.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setContentLength(response, result.body().length);
        if (ctx.pipeline().get(ServerInitializer.HTTP_CODEC) == null
                && ctx.pipeline().get(HttpResponseEncoder.class) == null) {
            // The lean upgrade path has no codec (and closes after a refusal): Netty's encoder, put in
            // front of the handler that answers, writes the response.
            ctx.pipeline().addBefore(ctx.name(), "http-encoder", new HttpResponseEncoder());
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
            HandshakeTimeoutHandler timeout = ctx.pipeline().get(HandshakeTimeoutHandler.class);
            if (timeout != null) {
                timeout.restart();
            }
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A refusal: status, the reason as a text body, and optionally {@code Retry-After}. */
    static void refuse(ChannelHandlerContext ctx, int status, String reason, Integer retryAfterSeconds) {
        refuseWithHeaders(ctx, status, reason,
                retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** A refusal with extra headers. */
    static void refuseWithHeaders(ChannelHandlerContext ctx, int status, String reason, Map<String, String> headers) {
        HttpResult result = new HttpResult(status, "text/plain; charset=utf-8",
                (reason + "\n").getBytes(StandardCharsets.UTF_8), headers.isEmpty() ? null : headers);
        send(ctx, false, result);
    }
}
