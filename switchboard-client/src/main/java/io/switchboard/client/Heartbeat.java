package io.switchboard.client;

import io.switchboard.protocol.Command;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The client's half of liveness: an application {@code ping} every interval (so the node sees traffic
 * and answers), and a deadline: when nothing at all has arrived for {@code maxMissed} intervals the
 * connection is declared dead. That is what catches a TCP connection that vanished without a close
 * frame (a dropped NAT entry, a pulled cable), which TCP itself may not notice for many minutes.
 * Confined to the client's loop.
 */
final class Heartbeat {

    private static final long MIN_CHECK_NANOS = Duration.ofMillis(10).toNanos();

    private final long intervalNanos;
    private final long deadAfterNanos;
    private final Loop loop;
    private final LongSupplier nanoTime;
    private Loop.Cancellable timer = Loop.Cancellable.NONE;
    private LongSupplier lastReceived;
    private CommandSender sender;
    private Runnable onDead;
    private long lastPingNanos;

    Heartbeat(Duration interval, int maxMissed, Loop loop) {
        this(interval, maxMissed, loop, System::nanoTime);
    }

    Heartbeat(Duration interval, int maxMissed, Loop loop, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.deadAfterNanos = Math.multiplyExact(intervalNanos, (long) maxMissed);
        this.loop = loop;
        this.nanoTime = nanoTime;
    }

    /**
     * Watches a connection: pings through {@code commandSender}, runs {@code dead} (once) when
     * {@code lastReceivedNanos} (when anything last arrived) falls too far behind.
     */
    void start(LongSupplier lastReceivedNanos, CommandSender commandSender, Runnable dead) {
        stop();
        lastReceived = lastReceivedNanos;
        sender = commandSender;
        onDead = dead;
        lastPingNanos = nanoTime.getAsLong();
        timer = loop.schedule(Duration.ofNanos(intervalNanos), this::tick);
    }

    void stop() {
        timer.cancel();
        timer = Loop.Cancellable.NONE;
        lastReceived = null;
    }

    private void tick() {
        LongSupplier received = lastReceived;
        if (received == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        long silent = now - received.getAsLong();
        if (silent >= deadAfterNanos) {
            Runnable dead = onDead;
            stop();
            dead.run();
            return;
        }
        if (now - lastPingNanos >= intervalNanos) {
            lastPingNanos = now;
            sender.send(Command.Ping::new, ReplyHandler.IGNORE, null);
        }
        long untilPing = intervalNanos - (now - lastPingNanos);
        long untilDead = deadAfterNanos - silent;
        timer = loop.schedule(Duration.ofNanos(Math.max(MIN_CHECK_NANOS, Math.min(untilPing, untilDead))), this::tick);
    }
}
