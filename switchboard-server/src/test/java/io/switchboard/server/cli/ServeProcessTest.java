package io.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs {@code switchboard serve} as a real child JVM, talks HTTP to it and stops it with SIGTERM. */
@Timeout(120)
class ServeProcessTest {

    private static final Pattern LISTENING = Pattern.compile("Switchboard (\\S+) listening on \\S+:(\\d+) \\((.*)\\)");
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    @TempDir
    Path dir;

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("--- serve output ---\n" + String.join("\n", output));
        }
    };

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void devModeServesHealthTheDemoAndDrainsOnSigterm() throws Exception {
        int port = serve(Map.of(), "host: 127.0.0.1\nport: 0\ndrain_period: 200ms\n");

        assertThat(output).anyMatch(line -> line.contains("WARN") && line.contains("DEVELOPMENT MODE"));
        assertThat(listeningLine().group(3)).isEqualTo("dev mode");
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);

        HttpResponse<String> page = get(port, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("/demo/chat.js");

        HttpResponse<String> minted = post(port, "/demo/token", "{\"user\":\"alice\"}");
        assertThat(minted.statusCode()).isEqualTo(200);
        String token = JSON.readTree(minted.body()).get("token").asText();
        assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        assertThat(firstFrameWithToken(port, token)).contains("\"push\":\"connected\"", "\"user\":\"alice\"");

        HttpResponse<String> refused = post(port, "/demo/token", "{\"user\":\"not a name\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode reason = JSON.readTree(refused.body());
        assertThat(reason.get("error").asText()).contains("user");

        assertStopsWithExitCode0OnSigterm();
        assertThat(output).noneMatch(line -> line.contains(token));
    }

    @Test
    void withAConfiguredSecretThereIsNoDemo() throws Exception {
        int port = serve(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET),
                "host: 127.0.0.1\nport: 0\nnode_id: it-node\ndrain_period: 200ms\n");

        Matcher listening = listeningLine();
        assertThat(listening.group(1)).isEqualTo("it-node");
        assertThat(listening.group(3)).isEqualTo("tokens: hmac");
        assertThat(output).noneMatch(line -> line.contains("DEVELOPMENT MODE") || line.contains(SECRET));
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/").statusCode()).isEqualTo(404);
        assertThat(post(port, "/demo/token", "{\"user\":\"alice\"}").statusCode()).isNotEqualTo(200);

        assertStopsWithExitCode0OnSigterm();
    }

    @Test
    void aWarmupRunsBeforeTheNodeListensAndSaysWhatItDid() throws Exception {
        int port = serve(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET), "host: 127.0.0.1\nport: 0\n"
                + "drain_period: 200ms\nwarmup:\n  enabled: true\n  connections: 100\n  rounds: 2\n");

        int warmed = indexOf(l -> l.contains("warm-up: ") && l.contains(" handshakes, "));
        assertThat(indexOf(l -> l.contains("warming up before listening: up to 2 rounds of 100 connections")))
                .isNotNegative().isLessThan(warmed);
        assertThat(warmed).isLessThan(indexOf(l -> LISTENING.matcher(l).find()));
        assertThat(output).noneMatch(l -> l.contains("ws close")).noneMatch(l -> l.contains(SECRET));
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        String token = new io.switchboard.server.auth.TokenMinter(SECRET).mint("alice");
        assertThat(firstFrameWithToken(port, token)).contains("\"push\":\"connected\"", "\"user\":\"alice\"");

        assertStopsWithExitCode0OnSigterm();
    }

    @Test
    void sigtermDuringTheWarmupExits0WithoutListening() throws Exception {
        start(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET), "host: 127.0.0.1\nport: 0\n"
                + "warmup:\n  enabled: true\n  connections: 200\n  rounds: 100\n  max_time: 60s\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().anyMatch(l -> l.contains("warming up")));

        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
                .anyMatch(l -> l.contains("warm-up: ") && l.endsWith("stop requested"))
                .anyMatch(l -> l.contains("ServeCommand") && l.endsWith("stopped")));
        assertThat(findListening()).isNull();
    }

    @Test
    void aConfigErrorExitsWith2AndNamesTheKey() throws Exception {
        start(Map.of(), "limits:\n  max_conections: 5\n");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(output).contains("config error: limits.max_conections: unknown key "
                        + "(did you mean limits.max_connections?)"));
    }

    private void assertStopsWithExitCode0OnSigterm() throws InterruptedException {
        // SIGTERM. Through the handle, because Process.destroy() also closes our end of the output pipe,
        // which would hide the drain's log lines.
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
                .anyMatch(l -> l.contains("SIGTERM received"))
                .anyMatch(l -> l.contains("ServeCommand") && l.endsWith("stopped")));
    }

    /** Starts the server and returns the port from its "listening on" line. */
    private int serve(Map<String, String> env, String yaml) throws IOException {
        start(env, yaml);
        await().atMost(Duration.ofSeconds(60)).until(() -> findListening() != null || !process.isAlive());
        assertThat(process.isAlive()).as("serve is running").isTrue();
        return Integer.parseInt(listeningLine().group(2));
    }

    private void start(Map<String, String> env, String yaml) throws IOException {
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SwitchboardCli.class.getName(), "serve", "--config", config.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(env);
        process = builder.start();
        Thread reader = new Thread(this::readOutput, "serve-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** Index of the first output line matching, or -1. */
    private int indexOf(java.util.function.Predicate<String> line) {
        List<String> lines = List.copyOf(output);
        for (int i = 0; i < lines.size(); i++) {
            if (line.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private Matcher findListening() {
        for (String line : output) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    private Matcher listeningLine() {
        Matcher m = findListening();
        assertThat(m).as("a 'listening on' line").isNotNull();
        return m;
    }

    /** Opens a WebSocket the way the demo page does and returns the first frame the node sends. */
    private String firstFrameWithToken(int port, String token) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder()
                .subprotocols("switchboard.v1.json")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        first.completeExceptionally(error);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            return first.get(10, TimeUnit.SECONDS);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
