package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessProbeTest {

    @Test
    void threadKindsGroupNumberedThreads() {
        assertThat(ProcessProbe.threadKind("switchboard-io-0")).isEqualTo("switchboard-io-*");
        assertThat(ProcessProbe.threadKind("switchboard-io-12")).isEqualTo("switchboard-io-*");
        assertThat(ProcessProbe.threadKind("GC Thread#3")).isEqualTo("GC Thread#*");
        assertThat(ProcessProbe.threadKind("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ProcessProbe.threadKind("42")).isEqualTo("42");
        assertThat(ProcessProbe.threadKind("")).isEmpty();
    }

    /** A thread of this process that burns 100 ms of CPU shows up under its kind with at least that. */
    @Test
    void readsTheCpuOfEachKindOfThreadOfARealProcess() throws InterruptedException {
        ProcessProbe probe = new ProcessProbe(ProcessHandle.current().pid());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            long sink = 0;
            while (mx.getCurrentThreadCpuTime() < 150_000_000L) {
                sink += System.nanoTime() % 7;
            }
            burnt.countDown();
            try {
                measured.await(10, TimeUnit.SECONDS); // stay alive while the probe reads /proc
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sink == 42) {
                System.out.print("");
            }
        }, "probe-spin-7");
        spinner.start();
        try {
            assertThat(burnt.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.threadCpuNanos()).containsKey("probe-spin-*")
                    .hasEntrySatisfying("probe-spin-*", nanos -> assertThat(nanos).isGreaterThanOrEqualTo(100_000_000L));
        } finally {
            measured.countDown();
            spinner.join(10_000);
        }
    }
}
