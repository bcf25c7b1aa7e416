package io.switchboard.server.demo;

import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpEndpoint;
import io.switchboard.core.http.HttpResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code GET /}: the self-contained demo chat page ({@code demo/index.html} on the classpath). */
final class DemoPage implements HttpEndpoint {

    static final String RESOURCE = "demo/index.html";

    /** The page loads nothing from elsewhere; it talks only to this node. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final HttpResult page;

    DemoPage() {
        this.page = new HttpResult(200, "text/html; charset=utf-8", load(), Map.of(
                "Cache-Control", "no-store",
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff"));
    }

    @Override
    public CompletionStage<HttpResult> handle(HttpCall call) {
        return CompletableFuture.completedFuture(page);
    }

    private static byte[] load() {
        try (InputStream in = DemoPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
