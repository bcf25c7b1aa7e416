package io.switchboard.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The end of a fan-out warm-up: the measured phase starts once the subscribers have received
 * (nearly) everything published so far, at most {@code --catch-up-limit} after the fixed warm-up.
 * Without it a server that falls behind while it warms up (a JVM compiling at full rate) starts the
 * measured phase with that backlog, and its latency figures measure its first seconds, not its
 * steady state. Every server gets the same rule; the wait and whether it ended are reported.
 */
final class CatchUp {

    /**
     * @param caughtUp     whether the backlog fell to the threshold before the limit
     * @param waitedNanos  from the end of the fixed warm-up to the start of the measured phase
     * @param backlog      deliveries still outstanding when the measured phase started
     */
    record Outcome(boolean caughtUp, long waitedNanos, long backlog) {
    }

    private CatchUp() {
    }

    /**
     * Deliveries that may be outstanding in a steady state: a quarter of a second of the offered load
     * (counters of forked generator processes lag by up to 100 ms), and at least one publication to
     * every subscriber of a channel (a fan-out in progress).
     */
    static long threshold(double publicationsPerSecond, long subscribersPerChannel) {
        return Math.max(subscribersPerChannel, (long) Math.ceil(publicationsPerSecond * subscribersPerChannel / 4));
    }

    /**
     * Polls {@code backlog} every {@code poll} until it is at most {@code threshold} or {@code limit}
     * has passed (a zero limit: one look, no wait).
     */
    static Outcome await(LongSupplier backlog, long threshold, Duration limit, Duration poll) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            long b = backlog.getAsLong();
            if (b <= threshold) {
                return new Outcome(true, System.nanoTime() - start, b);
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome(false, System.nanoTime() - start, b);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(poll.toNanos(), Math.max(1, deadline - System.nanoTime())));
        }
    }
}
