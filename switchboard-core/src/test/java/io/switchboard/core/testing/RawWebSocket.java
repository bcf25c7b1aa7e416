package io.switchboard.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library cannot do: never read
 * (slow consumer), never write (idle), send malformed or oversized frames, see server pings.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int OP_TEXT = 1;
    public static final int OP_BINARY = 2;
    public static final int OP_CLOSE = 8;
    public static final int OP_PING = 9;
    public static final int OP_PONG = 10;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** One frame read from the server. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private String upgradeResponse;

    /** The server's 101 response: status line and headers. */
    public String upgradeResponse() {
        return upgradeResponse;
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Upgrades with the token as a query parameter. {@code receiveBuffer} (bytes, 0 for the default)
     * lets a test make the socket's receive window tiny so that a non-reading client backs up fast.
     */
    public static RawWebSocket connect(int port, String token, String subprotocol, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(s);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        String req = "GET /ws?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "\r\n";
        ws.out.write(req.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.readHttpHead();
        ws.upgradeResponse = status;
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("upgrade refused: " + status);
        }
        return ws;
    }

    private String readHttpHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during upgrade");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked frame; {@code fin} false starts or continues a fragmented message. */
    public void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
        out.write(frame(opcode, payload, fin));
        out.flush();
    }

    /** One masked frame as a client sends it; several can go out in one {@link #sendRaw}. */
    public static byte[] frame(int opcode, byte[] payload, boolean fin) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            f.write(0x80 | len);
        } else if (len <= 0xFFFF) {
            f.write(0x80 | 126);
            f.write(len >>> 8);
            f.write(len);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < len; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    public void sendText(String text) throws IOException {
        sendFrame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes raw bytes, e.g. an invalid frame. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame; throws {@link EOFException} when the server closed the TCP connection. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reads frames until one with {@code opcode}; fails if the connection ends first. */
    public Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == opcode) {
                return f;
            }
        }
    }

    /** True once the server has closed the TCP connection (reads until EOF, within the socket timeout). */
    public boolean closedByServer() throws IOException {
        try {
            InputStream raw = socket.getInputStream();
            byte[] buf = new byte[8192];
            while (raw.read(buf) >= 0) {
                // discard whatever is still in flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    /** Bytes that can be read without blocking: whether the server has written anything unread. */
    public int available() throws IOException {
        return in.available();
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
