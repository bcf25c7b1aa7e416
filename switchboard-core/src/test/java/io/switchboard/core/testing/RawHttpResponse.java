package io.switchboard.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 response read byte by byte from a raw socket, for tests that write requests by hand.
 *
 * @param headers lower-case names; the first of a repeated name wins
 * @param body    the {@code Content-Length} bytes after the head (none after a 101)
 * @param raw     every byte read, head and body
 */
public record RawHttpResponse(int status, Map<String, String> headers, String body, String raw) {

    /** Reads one response; fails the test when the connection closes before the head is complete. */
    public static RawHttpResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before the response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status != 101) {
            body = new String(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))),
                    StandardCharsets.UTF_8);
        }
        return new RawHttpResponse(status, headers, body, head.toString(StandardCharsets.ISO_8859_1) + body);
    }
}
