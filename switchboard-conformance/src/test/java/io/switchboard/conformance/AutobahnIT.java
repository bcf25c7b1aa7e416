package io.switchboard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.transport.WebSocketServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Runs the Autobahn|Testsuite fuzzing client (cases 1-7 and 10, see {@code autobahn/fuzzingclient.json})
 * against the node's own transport with an {@link EchoEndpoint}, and turns every case into a test.
 *
 * <p>The server runs in this JVM on a port the OS picks at bind time (loopback only). The client is the
 * Autobahn|Testsuite packaged in {@code autobahntestsuite-maven-plugin} 0.1.5, run by Jython 2.7.1 in a
 * JVM of its own whose class path holds exactly those two jars (no Netty, nothing of ours); the build
 * copies them to {@code autobahn.lib}. Reports: {@code target/autobahn/reports/index.html}.
 *
 * <p>A case fails the build when its behaviour or its closing behaviour is anything but OK, NON-STRICT,
 * INFORMATIONAL or UNIMPLEMENTED (so FAILED, WRONG CODE, UNCLEAN, FAILED BY CLIENT fail). A case that
 * comes out failing is run once more on its own ({@code -Dautobahn.retries=0} turns that off) and the
 * second verdict counts; the summary ({@code target/autobahn/summary.txt}) lists every such case with
 * its first verdict, and both reports are kept ({@code reports/} and {@code reports/retry-1/}). The
 * client has 1-second timers of its own (e.g. case 4.2.5 sends a frame octet by octet and gives up
 * after 1 s), which a loaded two-core machine can miss; a defect of the server fails both runs.
 */
class AutobahnIT {

    private static final Set<String> PASSING = Set.of("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED");
    private static final String AGENT = "switchboard";
    private static final long CLIENT_TIMEOUT_MINUTES = 10;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TestFactory
    @Timeout(value = 2 * CLIENT_TIMEOUT_MINUTES + 1, unit = TimeUnit.MINUTES)
    Stream<DynamicTest> autobahnFuzzingClient() throws Exception {
        Path work = Path.of(System.getProperty("autobahn.dir", "target/autobahn")).toAbsolutePath();
        Path lib = Path.of(requiredProperty("autobahn.lib")).toAbsolutePath();
        int retries = Integer.getInteger("autobahn.retries", 1);
        Path reports = work.resolve("reports");
        deleteRecursively(reports);
        Files.createDirectories(reports);
        try (Stream<Path> old = Files.list(work)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("fuzzingclient")).toList()) {
                Files.delete(p);
            }
        }

        EchoEndpoint echo = new EchoEndpoint();
        WebSocketServer server = AutobahnServer.start(AutobahnServer.DEFAULT_HOST, 0, echo);
        long started = System.nanoTime();
        Map<String, JsonNode> cases;
        Map<String, String> retried = new TreeMap<>(CASE_ORDER);
        Map<String, Path> reportDirs = new TreeMap<>(CASE_ORDER);
        try {
            String url = "ws://" + AutobahnServer.DEFAULT_HOST + ":" + server.port() + AutobahnServer.WS_PATH;
            cases = runSuite(work, lib, url, null, reports, "fuzzingclient");
            // A case the client could not finish in time on a loaded machine (it has 1 s kill timers) is run
            // once more on its own; a defect of the server fails twice.
            for (int attempt = 1; attempt <= retries; attempt++) {
                List<String> failing = cases.entrySet().stream()
                        .filter(e -> rank(verdict(e.getValue())) > rank("NON-STRICT")).map(Map.Entry::getKey).toList();
                if (failing.isEmpty()) {
                    break;
                }
                System.out.println("Autobahn|Testsuite: running " + failing + " again (attempt " + (attempt + 1) + ")");
                Path retryDir = reports.resolve("retry-" + attempt);
                Map<String, JsonNode> again = runSuite(work, lib, url, failing, retryDir, "fuzzingclient-retry-" + attempt);
                for (String id : failing) {
                    JsonNode second = again.get(id);
                    if (second != null) {
                        retried.merge(id, verdict(cases.get(id)), (a, b) -> a + ", " + b);
                        cases.put(id, second);
                        reportDirs.put(id, retryDir);
                    }
                }
            }
            // Every upgraded connection must have been closed and reported to the endpoint exactly once
            // (asserted below, as a test of its own).
            try {
                await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> echo.closedConnections() == echo.openedConnections());
            } catch (ConditionTimeoutException e) {
                // reported by the "every connection was closed" test
            }
        } finally {
            AutobahnServer.stop(server);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        Map<String, Long> counts = cases.values().stream()
                .collect(Collectors.groupingBy(AutobahnIT::verdict, TreeMap::new, Collectors.counting()));
        String summary = "Autobahn|Testsuite: " + cases.size() + " cases in " + seconds + " s: " + counts
                + " (the worse of behavior and behaviorClose)"
                + (retried.isEmpty() ? "" : "; run again after a first failing verdict: " + retried)
                + "; report: " + reports.resolve("index.html");
        System.out.println(summary);
        Files.writeString(work.resolve("summary.txt"), summary + System.lineSeparator(), StandardCharsets.UTF_8);

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every connection was closed and reported once", () ->
                assertThat(echo.closedConnections()).isEqualTo(echo.openedConnections()).isPositive()));
        cases.forEach((id, result) -> tests.add(DynamicTest.dynamicTest(
                "case " + id + (retried.containsKey(id) ? " (earlier run: " + retried.get(id) + ")" : ""),
                () -> check(id, result, reportDirs.getOrDefault(id, reports)))));
        return tests.stream();
    }

    /**
     * Runs the fuzzing client on {@code only} (null: the spec's cases) and returns its results by case id.
     * Fails the test if the client does not finish or writes no results.
     */
    private Map<String, JsonNode> runSuite(Path work, Path lib, String url, List<String> only, Path outdir, String name)
            throws IOException, InterruptedException {
        Path spec = writeSpec(work.resolve(name + ".json"), url, outdir, only);
        Path log = work.resolve(name + ".log");
        int exit = runClient(work, lib, spec, log);
        Path index = outdir.resolve("index.json");
        if (exit != 0 || !Files.exists(index)) {
            fail("the Autobahn fuzzing client exited with " + exit + (Files.exists(index) ? "" : " and wrote no index.json")
                    + "; see " + log + ":\n" + tail(log, 40));
        }
        Map<String, JsonNode> cases = new TreeMap<>(CASE_ORDER);
        json.readTree(index.toFile()).path(AGENT).properties().forEach(e -> cases.put(e.getKey(), e.getValue()));
        assertThat(cases).as("cases run by the fuzzing client (" + log + ")").isNotEmpty();
        return cases;
    }

    private Path writeSpec(Path file, String url, Path outdir, List<String> only) throws IOException {
        ObjectNode spec;
        try (InputStream in = AutobahnIT.class.getResourceAsStream("/autobahn/fuzzingclient.json")) {
            assertThat(in).as("autobahn/fuzzingclient.json on the test class path").isNotNull();
            spec = (ObjectNode) json.readTree(in);
        }
        spec.put("outdir", outdir.toString());
        ArrayNode servers = spec.putArray("servers");
        servers.addObject().put("agent", AGENT).put("url", url);
        if (only != null) {
            ArrayNode cases = spec.putArray("cases");
            only.forEach(cases::add);
        }
        json.writeValue(file.toFile(), spec);
        return file;
    }

    /** Runs wstest in fuzzingclient mode in a separate JVM; returns its exit code. */
    private static int runClient(Path work, Path lib, Path spec, Path log) throws IOException, InterruptedException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).as("jars in " + lib).anyMatch(p -> p.getFileName().toString().startsWith("jython-standalone-"))
                .anyMatch(p -> p.getFileName().toString().startsWith("autobahntestsuite-maven-plugin-"));
        String classpath = jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: Jython is warm-up bound and the machine may have two cores; this halves the client's CPU.
        List<String> command = List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dpython.cachedir.skip=true",
                "-cp", classpath, "org.python.util.jython",
                "-m", "autobahntestsuite.wstest", "--mode", "fuzzingclient", "--spec", spec.toString());
        Process client = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!client.waitFor(CLIENT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                fail("the Autobahn fuzzing client did not finish within " + CLIENT_TIMEOUT_MINUTES + " minutes; see " + log);
            }
            return client.exitValue();
        } finally {
            if (client.isAlive()) {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(String id, JsonNode result, Path reports) throws IOException {
        String behavior = result.path("behavior").asText();
        String behaviorClose = result.path("behaviorClose").asText();
        if (PASSING.contains(behavior) && PASSING.contains(behaviorClose)) {
            return;
        }
        Path report = reports.resolve(result.path("reportfile").asText());
        StringBuilder msg = new StringBuilder("case " + id + ": behavior " + behavior + ", closing behavior " + behaviorClose
                + ", remote close code " + result.path("remoteCloseCode") + "; report " + report.getFileName());
        if (Files.exists(report)) {
            JsonNode detail = new ObjectMapper().readTree(report.toFile());
            msg.append("\n  description: ").append(detail.path("description").asText())
                    .append("\n  expectation: ").append(detail.path("expectation").asText())
                    .append("\n  result: ").append(detail.path("result").asText())
                    .append("\n  closing: ").append(detail.path("resultClose").asText());
        }
        fail(msg.toString());
    }

    /** FAILED-like beats NON-STRICT beats INFORMATIONAL beats UNIMPLEMENTED beats OK. */
    private static String verdict(JsonNode result) {
        String b = result.path("behavior").asText();
        String c = result.path("behaviorClose").asText();
        return rank(c) > rank(b) ? c : b;
    }

    private static int rank(String behavior) {
        return switch (behavior) {
            case "OK" -> 0;
            case "UNIMPLEMENTED" -> 1;
            case "INFORMATIONAL" -> 2;
            case "NON-STRICT" -> 3;
            default -> 4;
        };
    }

    /** Orders case ids numerically: 1.1.2 before 1.1.10, 7.13.1 after 7.9.9, 10.1.1 last. */
    private static final Comparator<String> CASE_ORDER = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareParts(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private static int compareParts(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set; run through Maven: mvn -pl switchboard-conformance verify");
        }
        return value;
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            Iterator<Path> it = paths.sorted(Comparator.reverseOrder()).iterator();
            while (it.hasNext()) {
                Files.delete(it.next());
            }
        }
    }
}
