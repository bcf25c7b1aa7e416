package io.switchboard.client;

import java.net.http.HttpClient;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every client of this JVM shares: a small pool of daemon threads that runs the clients' state
 * machines and timers (never application code, never blocking work), and the default JDK
 * {@link HttpClient} (one selector thread for all WebSockets). Sharing them is what lets one JVM hold
 * thousands of clients.
 */
final class ClientRuntime {

    private static final int THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static final ScheduledThreadPoolExecutor POOL = createPool();

    private static volatile HttpClient sharedHttp;

    private ClientRuntime() {
    }

    /** Runs the clients' serial loops and their timers. */
    static ScheduledThreadPoolExecutor pool() {
        return POOL;
    }

    /** The default HttpClient, created on first use. */
    static HttpClient sharedHttpClient() {
        HttpClient h = sharedHttp;
        if (h == null) {
            synchronized (ClientRuntime.class) {
                h = sharedHttp;
                if (h == null) {
                    h = HttpClient.newBuilder().build();
                    sharedHttp = h;
                }
            }
        }
        return h;
    }

    private static ScheduledThreadPoolExecutor createPool() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, daemonThreads("switchboard-client-loop-"));
        pool.setRemoveOnCancelPolicy(true); // request timeouts are mostly cancelled; do not let them pile up
        return pool;
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
