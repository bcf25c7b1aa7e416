package io.switchboard.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import io.switchboard.server.auth.JwtTokenVerifier;
import io.switchboard.server.config.ConfigLoader;
import io.switchboard.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's routes on a real node, registered the way {@code switchboard serve} does it. */
@Timeout(60)
class DemoRoutesIT {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Switchboard node;
    private JwtTokenVerifier verifier;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (verifier != null) {
            verifier.close();
        }
    }

    @Test
    void anAnnouncementReachesEveryConnectedClientAsAMessageWithoutSender() throws Exception {
        ServerConfig config = new ConfigLoader(Map.of()).load(null);
        start(config);
        String aliceToken = JSON.readTree(post("/demo/token", "{\"user\":\"alice\"}").body()).get("token").asText();
        String bobToken = JSON.readTree(post("/demo/token", "{\"user\":\"bob\"}").body()).get("token").asText();

        try (TestClient alice = TestClient.connect(node.port(), aliceToken, Codecs.JSON);
             TestClient bob = TestClient.connect(node.port(), bobToken, Codecs.PROTOBUF)) {
            alice.awaitPush(Push.Connected.class);
            bob.awaitPush(Push.Connected.class);
            long before = System.currentTimeMillis();

            HttpResponse<String> answer = post("/demo/announce", "{\"text\":\"Maintenance at noon\"}");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{}");
            for (TestClient client : new TestClient[] {alice, bob}) {
                Push.Message message = client.awaitPush(Push.Message.class);
                assertThat(message.from()).isNull();
                JsonNode data = JSON.readTree(message.data().asString());
                assertThat(data.get("type").asText()).isEqualTo("announcement");
                assertThat(data.get("text").asText()).isEqualTo("Maintenance at noon");
                assertThat(data.get("at").asLong()).isBetween(before, System.currentTimeMillis());
            }
        }
    }

    @Test
    void anAnnouncementIsTrimmedAndMayHave1To500Characters() throws Exception {
        start(new ConfigLoader(Map.of()).load(null));
        String longest = "é".repeat(DemoAnnounceEndpoint.MAX_TEXT_LENGTH);

        HttpResponse<String> ok = post("/demo/announce", "{\"text\":\" " + longest + "\\n\"}");
        HttpResponse<String> empty = post("/demo/announce", "{\"text\":\" \"}");
        HttpResponse<String> tooLong = post("/demo/announce", "{\"text\":\"" + "x".repeat(501) + "\"}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).get("error").asText()).isEqualTo("text must not be empty");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").asText()).contains("at most 500");
    }

    @Test
    void inDevelopmentModeThePageItsScriptAndTheJsClientAreServed() throws Exception {
        ServerConfig config = new ConfigLoader(Map.of()).load(null);
        assertThat(start(config)).isTrue();

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue(DemoResource.HTML);
        assertThat(page.body()).contains("/demo/chat.js");

        HttpResponse<String> script = get("/demo/chat.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");

        HttpResponse<String> client = get("/demo/switchboard.js");
        assertThat(client.statusCode()).as("%s was copied into the jar by the build", DemoRoutes.CLIENT_SOURCE)
                .isEqualTo(200);
        assertThat(client.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(client.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(client.body()).contains("export").contains("class Switchboard");
    }

    @Test
    void withAConfiguredTokenKeyNoDemoRouteExists() throws Exception {
        ServerConfig config = new ConfigLoader(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET)).load(null);
        assertThat(start(config)).isFalse();

        for (String path : new String[] {"/", "/demo/chat.js", "/demo/switchboard.js"}) {
            assertThat(get(path).statusCode()).as("GET %s", path).isEqualTo(404);
        }
        assertThat(post("/demo/token", "{\"user\":\"alice\"}").statusCode()).isEqualTo(404);
        assertThat(post("/demo/announce", "{\"text\":\"hi\"}").statusCode()).isEqualTo(404);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    /** Starts a node on a free port with {@code config}'s token keys; answers whether the demo is on. */
    private boolean start(ServerConfig config) {
        AtomicReference<Switchboard> running = new AtomicReference<>();
        verifier = new JwtTokenVerifier(config.jwt());
        Switchboard.Builder builder = Switchboard.builder().options(TestNode.options()).tokenVerifier(verifier);
        boolean demo = DemoRoutes.registerIfEnabled(builder, config,
                () -> running.get() == null ? null : running.get().api());
        node = builder.build().start();
        running.set(node);
        return demo;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }
}
