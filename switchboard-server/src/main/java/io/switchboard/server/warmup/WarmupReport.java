package io.switchboard.server.warmup;

import java.time.Duration;

/**
 * What a warm-up did, for the start-up log.
 *
 * @param rounds         rounds run
 * @param handshakes     WebSocket handshakes (each with a token check, a subscribe and a ping)
 * @param deliveries     publications received by the warm-up's subscribers
 * @param elapsed        wall time, including the waits for the compilers
 * @param compileMillis  the JIT compilers' time meanwhile; negative when the JVM does not say
 * @param stoppedBecause why it ended: quiet compilers, rounds done, time up, a stop request or a failure
 */
public record WarmupReport(int rounds, long handshakes, long deliveries, Duration elapsed, long compileMillis,
                           String stoppedBecause) {

    /** One line for the log, e.g. {@code 4 rounds, 20000 handshakes, 400000 deliveries in 6.2 s (JIT 3.1 s); ...}. */
    public String summary() {
        return rounds + (rounds == 1 ? " round, " : " rounds, ") + handshakes + " handshakes, " + deliveries
                + " deliveries in " + seconds(elapsed.toMillis())
                + (compileMillis < 0 ? "" : " (JIT compilers " + seconds(compileMillis) + ")")
                + "; " + stoppedBecause;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
