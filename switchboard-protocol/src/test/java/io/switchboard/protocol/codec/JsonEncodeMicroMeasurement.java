package io.switchboard.protocol.codec;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Nanoseconds and allocated bytes per {@link JsonCodec} encode, single-threaded, after warm-up, for the
 * frames every new connection costs ({@code connected} push, {@code subscribe} reply) and a typical
 * publication push (~100-byte payload). A measurement, not a test: it asserts nothing and is skipped
 * unless {@code -Dswitchboard.json.measure=true}. Run it alone on a quiet machine:
 * <pre>
 * mvn -o -q -B -ntp -pl switchboard-protocol test -Dtest=JsonEncodeMicroMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.json.measure=true
 * cat switchboard-protocol/target/surefire-reports/io.switchboard.protocol.codec.JsonEncodeMicroMeasurement-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "switchboard.json.measure", matches = "true")
class JsonEncodeMicroMeasurement {

    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;
    private static final int ROUNDS = 5;

    private static final Push CONNECTED =
            new Push.Connected("n1-0000000000000042", "alice", "node-1", 25, 1_767_225_600L);
    private static final Reply SUBSCRIBE =
            Reply.ok(2, new Result.Subscribe(1_042, "4c1f9a27", true, false, List.of()));
    private static final Push PUBLICATION = new Push.PublicationPush("chat:lobby", new Publication(
            "p-000000000001", 1_043,
            Payload.ofJson("{\"text\":\"hello everyone, this is a chat message of about a hundred bytes\",\"ts\":1767225600123}"),
            new ClientInfo("n1-0000000000000042", "alice", null)));

    @Test
    void nanosecondsAndBytesPerEncode() {
        JsonCodec codec = Codecs.JSON;
        System.out.println("payload bytes: " + ((Push.PublicationPush) PUBLICATION).publication().data().size()
                + ", frame bytes: connected " + codec.encodePush(CONNECTED).length
                + ", subscribe " + codec.encodeReply(SUBSCRIBE).length
                + ", publication " + codec.encodePush(PUBLICATION).length);
        for (int round = 1; round <= ROUNDS; round++) {
            report("connected push", round, measure(() -> codec.encodePush(CONNECTED)));
            report("subscribe reply", round, measure(() -> codec.encodeReply(SUBSCRIBE)));
            report("publication push", round, measure(() -> codec.encodePush(PUBLICATION)));
        }
    }

    /** @return wall-clock and thread-CPU nanoseconds per encode, and bytes allocated per encode */
    private static double[] measure(Supplier<byte[]> encode) {
        long sink = run(encode, WARM_UP);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long allocatedStart = allocations.getCurrentThreadAllocatedBytes();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        sink += run(encode, MEASURED);
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long allocated = allocations.getCurrentThreadAllocatedBytes() - allocatedStart;
        if (sink == 42) {
            System.out.println("(sink)");
        }
        return new double[] {(double) elapsed / MEASURED, (double) cpu / MEASURED, (double) allocated / MEASURED};
    }

    private static long run(Supplier<byte[]> encode, int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += encode.get().length;
        }
        return sink;
    }

    private static void report(String frame, int round, double[] figures) {
        System.out.println(String.format(Locale.ROOT,
                "%-16s round %d: %6.1f ns/encode wall, %6.1f ns/encode thread CPU, %5.0f bytes allocated/encode",
                frame, round, figures[0], figures[1], figures[2]));
    }
}
