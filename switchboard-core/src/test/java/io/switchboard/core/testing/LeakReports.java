package io.switchboard.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Logback appender that records Netty's buffer leak reports ({@code LEAK:} lines from
 * {@code io.netty.util.ResourceLeakDetector}); {@link LeakCheckExtension} fails the tests on any.
 */
public final class LeakReports extends AppenderBase<ILoggingEvent> {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLoggerName().contains("ResourceLeakDetector") && event.getFormattedMessage().contains("LEAK")) {
            REPORTS.add(event.getFormattedMessage());
        }
    }

    public static List<String> takeAll() {
        List<String> copy = List.copyOf(REPORTS);
        REPORTS.clear();
        return copy;
    }
}
