package io.switchboard.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server that refuses every WebSocket upgrade with one fixed response, e.g. {@code 503} with
 * {@code Retry-After: 2}: the handshake refusals of docs/protocol.md without having to bring a node
 * into that state.
 */
final class RefusingServer implements AutoCloseable {

    private final ServerSocket server;
    private final String response;
    private final AtomicInteger requests = new AtomicInteger();

    RefusingServer(int status, String reason, String extraHeaders) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String body = reason + "\n";
        this.response = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + extraHeaders
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        Thread t = new Thread(this::serve, "refusing-server-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Upgrade requests answered so far. */
    int requests() {
        return requests.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                readHeaders(s.getInputStream());
                requests.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // next
            }
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
