package io.switchboard.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for fault injection, in front of a node: forwards byte for byte, and on demand
 * <ul>
 *   <li>{@link #blackhole()}: stops forwarding in both directions without closing anything, like a
 *   network partition or a dropped NAT entry: bytes vanish, no FIN, no RST. Connections open at that
 *   moment stay dead for good; new ones are accepted but never reach the node, until {@link #restore()};</li>
 *   <li>{@link #cut()}: resets every open connection (RST, no close frame);</li>
 *   <li>{@link #latency(Duration)}: delays every chunk in both directions (a slow network);</li>
 *   <li>{@link #hold()}: accepts new connections but connects them to the node only on {@link #release()}
 *   (a gate: the test can act while a client is known to be between two connections).</li>
 * </ul>
 * Plain sockets and two threads per connection: small and obviously correct, which matters more here
 * than speed.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean blackholed;
    private volatile long latencyMillis;
    private volatile boolean closed;
    private volatile CountDownLatch gate;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    void blackhole() {
        blackholed = true;
        links.forEach(l -> l.blackholed = true);
    }

    /** New connections are forwarded again; those caught by the blackhole stay dead. */
    void restore() {
        blackholed = false;
    }

    void cut() {
        links.forEach(Link::reset);
    }

    /** New connections wait before reaching the node, until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    void latency(Duration perChunk) {
        latencyMillis = perChunk.toMillis();
    }

    @Override
    public void close() {
        closed = true;
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Link link = new Link(client, blackholed);
            links.add(link);
            CountDownLatch g = gate;
            Thread t = new Thread(() -> link.start(g), "tcp-proxy-link-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private final class Link {
        final Socket client;
        volatile Socket upstream;
        volatile boolean blackholed;

        Link(Socket client, boolean blackholed) {
            this.client = client;
            this.blackholed = blackholed;
        }

        void start(CountDownLatch g) {
            if (!blackholed) {
                try {
                    if (g != null) {
                        g.await();
                    }
                    Socket up = new Socket();
                    up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
                    up.setTcpNoDelay(true);
                    client.setTcpNoDelay(true);
                    upstream = up;
                } catch (IOException e) {
                    reset(); // node down: like a refused connection
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reset();
                    return;
                }
                spawn("up", client, upstream);
                spawn("down", upstream, client);
            } else {
                spawn("hole", client, null); // swallow whatever the client sends
            }
        }

        private void spawn(String name, Socket from, Socket to) {
            Thread t = new Thread(() -> pump(from, to), "tcp-proxy-" + name + "-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }

        private void pump(Socket from, Socket to) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to == null ? null : to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (blackholed || out == null) {
                        continue; // the bytes vanish
                    }
                    long delay = latencyMillis;
                    if (delay > 0) {
                        Thread.sleep(delay); // simulated network latency, not synchronisation
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
                if (!blackholed && to != null) {
                    to.shutdownOutput(); // pass the FIN on
                }
            } catch (IOException e) {
                if (!blackholed) {
                    reset();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void reset() {
            links.remove(this);
            closeHard(client);
            Socket up = upstream;
            if (up != null) {
                closeHard(up);
            }
        }

        private void closeHard(Socket s) {
            try {
                s.setSoLinger(true, 0); // RST, not FIN
            } catch (IOException ignored) {
                // already closed
            }
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
