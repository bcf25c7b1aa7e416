package io.switchboard.server.warmup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutes the access lines while the warm-up runs: each of its thousands of connections would write
 * one. The node is not listening yet, so no client's line is lost. Does nothing when the logging
 * backend is not Logback.
 */
final class QuietLogs implements AutoCloseable {

    static final String ACCESS_LOGGER = "switchboard.access";

    private final Logger logger;
    private final Level level;

    private QuietLogs(Logger logger) {
        this.logger = logger;
        this.level = logger == null ? null : logger.getLevel();
    }

    static QuietLogs whileWarming() {
        QuietLogs quiet = new QuietLogs(LoggerFactory.getLogger(ACCESS_LOGGER) instanceof Logger l ? l : null);
        if (quiet.logger != null) {
            quiet.logger.setLevel(Level.OFF);
        }
        return quiet;
    }

    /** Puts the level back as it was (including "inherited"). */
    @Override
    public void close() {
        if (logger != null) {
            logger.setLevel(level);
        }
    }
}
