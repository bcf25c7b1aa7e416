package io.switchboard.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.api.ServerApi;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.http.HttpCall;
import io.switchboard.core.http.HttpResult;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.auth.JwtTokenVerifier;
import io.switchboard.server.auth.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class DemoEndpointsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Validation comes first: a refused announcement never reaches the server API. */
    private static final Supplier<ServerApi> UNUSED_API = () -> {
        throw new AssertionError("the server API must not be used");
    };

    private final DemoTokenEndpoint tokens = new DemoTokenEndpoint(new TokenMinter(SECRET));

    @Test
    void thePageLoadsOnlyTheNodesOwnScriptsAndStyles() throws Exception {
        HttpResult page = get(DemoResource.of("demo/index.html", DemoResource.HTML));

        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.headers().get("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self';");
        // Every reference is a path on this node, the script is a module and nothing runs inline.
        assertThat(html).contains("<script type=\"module\" src=\"/demo/chat.js\"></script>");
        assertThat(Pattern.compile("(?:src|href)=\"(?!/demo/)").matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("http://", "https://", "@import", "<script>");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as("inline event handler").isFalse();
    }

    @Test
    void theChatScriptUsesTheJsClientAndTheDemoEndpointsWithoutInnerHtml() throws Exception {
        HttpResult script = get(DemoResource.of("demo/chat.js", DemoResource.JAVASCRIPT));

        String js = new String(script.body(), StandardCharsets.UTF_8);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(js).contains("from '/demo/switchboard.js'", "/demo/token", "/demo/announce", "'chat:'", "getToken");
        assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "http://", "https://");
    }

    @Test
    void aTokenIsMintedForAValidUserForOneHourWithoutChannels() throws Exception {
        HttpResult result = post("{\"user\":\"alice.b-1_\"}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.contentType()).startsWith("application/json");
        JsonNode body = JSON.readTree(result.body());
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JwtOptions.hmac(SECRET))) {
            Claims claims = verifier.verify(body.get("token").asText()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(claims.user()).isEqualTo("alice.b-1_");
            assertThat(claims.channels()).isEmpty();
            assertThat(claims.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(60, ChronoUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"a b\"", "\"<script>\"",
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "\"élan\"", "42", "null"})
    void aBadUserNameIsRefusedWithAReason(String user) throws Exception {
        HttpResult result = post("{\"user\":" + user + "}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(JSON.readTree(result.body()).get("error").asText()).contains("user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[\"alice\"]", "{}", "{\"user\":\"a\",\"user\":\"b\"}"})
    void aBodyThatIsNotTheExpectedJsonIsRefused(String body) throws Exception {
        HttpResult result = post(body);

        assertThat(result.status()).isEqualTo(400);
        assertThat(JSON.readTree(result.body()).get("error").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[\"hi\"]", "{}", "{\"text\":42}", "{\"text\":null}",
            "{\"text\":\"a\",\"text\":\"b\"}"})
    void anAnnouncementBodyThatIsNotTheExpectedJsonIsRefused(String body) throws Exception {
        HttpResult result = announce(UNUSED_API, body);

        assertThat(result.status()).isEqualTo(400);
        assertThat(JSON.readTree(result.body()).get("error").asText()).contains("text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\\n\\t"})
    void anEmptyAnnouncementIsRefused(String text) throws Exception {
        HttpResult result = announce(UNUSED_API, "{\"text\":\"" + text + "\"}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(JSON.readTree(result.body()).get("error").asText()).isEqualTo("text must not be empty");
    }

    @Test
    void anAnnouncementLongerThan500CharactersIsRefused() throws Exception {
        HttpResult result = announce(UNUSED_API, "{\"text\":\"" + "x".repeat(501) + "\"}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(JSON.readTree(result.body()).get("error").asText()).isEqualTo("text must be at most 500 characters");
    }

    @Test
    void anAnnouncementBeforeTheNodeHasStartedIsAnsweredWith503() throws Exception {
        HttpResult result = announce(() -> null, "{\"text\":\"hello\"}");

        assertThat(result.status()).isEqualTo(503);
        assertThat(JSON.readTree(result.body()).get("error").asText()).contains("starting");
    }

    private static HttpResult announce(Supplier<ServerApi> api, String body) throws Exception {
        return new DemoAnnounceEndpoint(api)
                .handle(call("POST", "/demo/announce", body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static HttpResult get(DemoResource resource) throws Exception {
        return resource.handle(call("GET", "/", "")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private HttpResult post(String body) throws Exception {
        return tokens.handle(call("POST", "/demo/token", body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static HttpCall call(String method, String path, String body) {
        return new HttpCall(method, path, Map.of(), Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), new InetSocketAddress("127.0.0.1", 50000));
    }
}
