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
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Nanoseconds and allocated bytes per {@link JsonCodec} encode and decode, single-threaded, after
 * warm-up: the frames every new connection costs ({@code connected} push, {@code subscribe} reply and
 * command), a typical publication push (~100-byte payload), a {@code ping}, and the same
 * {@code subscribe} read by the parser alone ({@link JsonCommandReader}, what every command cost
 * before {@link JsonCommandFastPath}). A measurement, not a test: it asserts nothing and is skipped
 * unless {@code -Dswitchboard.json.measure=true}. Run it alone on a quiet machine:
 * <pre>
 * mvn -o -q -B -ntp -pl switchboard-protocol test -Dtest=JsonCodecMicroMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.json.measure=true
 * cat switchboard-protocol/target/surefire-reports/io.switchboard.protocol.codec.JsonCodecMicroMeasurement-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "switchboard.json.measure", matches = "true")
class JsonCodecMicroMeasurement {

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

    private static final byte[] SUBSCRIBE_COMMAND =
            "{\"id\":3,\"method\":\"subscribe\",\"params\":{\"channel\":\"chat:lobby\"}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PING_COMMAND = "{\"id\":7,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void nanosecondsAndBytesPerEncodeAndDecode() {
        JsonCodec codec = Codecs.JSON;
        System.out.println("payload bytes: " + ((Push.PublicationPush) PUBLICATION).publication().data().size()
                + ", frame bytes: connected " + codec.encodePush(CONNECTED).length
                + ", subscribe " + codec.encodeReply(SUBSCRIBE).length
                + ", publication " + codec.encodePush(PUBLICATION).length);
        for (int round = 1; round <= ROUNDS; round++) {
            report("connected push", round, measure(() -> codec.encodePush(CONNECTED).length));
            report("subscribe reply", round, measure(() -> codec.encodeReply(SUBSCRIBE).length));
            report("publication push", round, measure(() -> codec.encodePush(PUBLICATION).length));
            report("subscribe command", round, measure(() -> decode(() -> codec.decodeCommand(SUBSCRIBE_COMMAND).id())));
            report("  parser alone", round, measure(() -> decode(() -> JsonCommandReader.read(SUBSCRIBE_COMMAND).id())));
            report("ping command", round, measure(() -> decode(() -> codec.decodeCommand(PING_COMMAND).id())));
        }
    }

    private interface Decode {
        long id() throws io.switchboard.protocol.ProtocolException;
    }

    private static long decode(Decode decode) {
        try {
            return decode.id();
        } catch (io.switchboard.protocol.ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return wall-clock and thread-CPU nanoseconds per operation, and bytes allocated per operation */
    private static double[] measure(LongSupplier encode) {
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

    private static long run(LongSupplier encode, int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += encode.getAsLong();
        }
        return sink;
    }

    private static void report(String frame, int round, double[] figures) {
        System.out.println(String.format(Locale.ROOT,
                "%-17s round %d: %6.1f ns wall, %6.1f ns thread CPU, %5.0f bytes allocated",
                frame, round, figures[0], figures[1], figures[2]));
    }
}
