package io.switchboard.server.auth;

import io.switchboard.core.auth.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.SECRET;

/**
 * Microseconds and allocated bytes per {@link JwtTokenVerifier#verify} for HS256 tokens, single-threaded, after warm-up: the
 * HMAC fast path against the Nimbus path, for a minimal token ({@code sub}, {@code iat}, {@code exp})
 * and a typical one (also {@code channels} and an {@code info} object).
 * A measurement, not a test: it asserts nothing about timing and is skipped unless
 * {@code -Dswitchboard.jwt.measure=true}. Run it alone on a quiet machine:
 * <pre>
 * mvn -o -q -B -ntp -pl switchboard-server -am test -Dtest=JwtVerifyMicroMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dswitchboard.jwt.measure=true
 * cat switchboard-server/target/surefire-reports/io.switchboard.server.auth.JwtVerifyMicroMeasurement-output.txt
 * </pre>
 */
@EnabledIfSystemProperty(named = "switchboard.jwt.measure", matches = "true")
class JwtVerifyMicroMeasurement {

    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 200_000;
    private static final int ROUNDS = 3;

    @Test
    void microsecondsPerVerify() {
        Tokens.MutableClock clock = new Tokens.MutableClock(NOW);
        TokenMinter minter = new TokenMinter(SECRET, clock);
        String minimal = minter.mint("alice", null, Duration.ofHours(1), null);
        String typical = minter.mint("alice", List.of("chat:*", "news"), Duration.ofHours(1),
                "{\"name\":\"Alice\",\"color\":\"#36c\"}");
        JwtTokenVerifier fast = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock);
        JwtTokenVerifier nimbus = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock, false);

        for (int round = 1; round <= ROUNDS; round++) {
            report("nimbus", "minimal", round, measure(nimbus, minimal));
            report("fast", "minimal", round, measure(fast, minimal));
            report("nimbus", "typical", round, measure(nimbus, typical));
            report("fast", "typical", round, measure(fast, typical));
        }
    }

    /** @return wall-clock and thread-CPU microseconds per verification, and bytes allocated per verification */
    private static double[] measure(JwtTokenVerifier verifier, String token) {
        long sink = run(verifier, token, WARM_UP);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long allocatedStart = allocations.getCurrentThreadAllocatedBytes();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        sink += run(verifier, token, MEASURED);
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long allocated = allocations.getCurrentThreadAllocatedBytes() - allocatedStart;
        if (sink == 42) {
            System.out.println("(sink)");
        }
        return new double[] {elapsed / 1_000.0 / MEASURED, cpu / 1_000.0 / MEASURED, (double) allocated / MEASURED};
    }

    private static long run(JwtTokenVerifier verifier, String token, int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            Claims claims = verifier.verify(token).toCompletableFuture().join();
            sink += claims.user().length() + claims.channels().size();
        }
        return sink;
    }

    private static void report(String path, String token, int round, double[] figures) {
        System.out.println(String.format(Locale.ROOT,
                "%-6s %-7s round %d: %6.2f us/verify wall, %6.2f us/verify thread CPU, %5.0f bytes allocated/verify",
                path, token, round, figures[0], figures[1], figures[2]));
    }
}
