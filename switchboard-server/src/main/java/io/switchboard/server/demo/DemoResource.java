package io.switchboard.server.demo;

import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET} of one file of the demo, read once from the classpath: the page ({@code demo/index.html}),
 * its script ({@code demo/chat.js}) and the JavaScript client ({@code demo/switchboard.js}, copied there
 * from {@code clients/js/src} by the build).
 */
final class DemoResource implements HttpEndpoint {

    static final String HTML = "text/html; charset=utf-8";
    static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    /**
     * The page loads nothing from elsewhere and runs no inline script: only the node's own scripts,
     * and WebSockets to the node.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'unsafe-inline'; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(DemoResource.class);

    private final HttpResult result;

    private DemoResource(HttpResult result) {
        this.result = result;
    }

    /**
     * A resource that is part of this module's sources.
     *
     * @throws IllegalStateException when it is not on the classpath
     */
    static DemoResource of(String resource, String contentType) {
        byte[] body = load(resource);
        if (body == null) {
            throw new IllegalStateException(resource + " is missing from the classpath");
        }
        return new DemoResource(ok(contentType, body));
    }

    /**
     * A resource the build copies in from elsewhere. When it is missing (a build that skipped the copy, or
     * classes run straight from an IDE), logs a warning and answers 404 saying how to fix it, rather than
     * keeping the node from starting.
     */
    static DemoResource copiedByTheBuild(String resource, String contentType, String source) {
        byte[] body = load(resource);
        if (body == null) {
            LOG.warn("{} is missing from the classpath, so the demo page cannot load it: build the server with "
                    + "Maven, which copies it from {}", resource, source);
            return new DemoResource(HttpResult.text(404, resource + " was not packaged: build with mvn package "
                    + "(it is copied from " + source + ")\n"));
        }
        return new DemoResource(ok(contentType, body));
    }

    private static HttpResult ok(String contentType, byte[] body) {
        return new HttpResult(200, contentType, body, Map.of(
                "Cache-Control", "no-store",
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff"));
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        return CompletableFuture.completedFuture(result);
    }

    private static byte[] load(String resource) {
        try (InputStream in = DemoResource.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
