package io.switchboard.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class DemoEndpointsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoTokenEndpoint tokens = new DemoTokenEndpoint(new TokenMinter(SECRET));

    @Test
    void thePageIsSelfContainedAndSpeaksTheJsonSubprotocol() throws Exception {
        HttpResult page = new DemoPage().handle(call("GET", "/", "")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.headers()).containsKey("Content-Security-Policy");
        assertThat(html).contains("/demo/token", "switchboard.v1.json", "chat:lobby", "\"subscribe\"", "\"publish\"",
                "/ws?token=");
        assertThat(html).doesNotContain("src=", "href=", "@import", "innerHTML");
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

    private HttpResult post(String body) throws Exception {
        return tokens.handle(call("POST", "/demo/token", body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static HttpCall call(String method, String path, String body) {
        return new HttpCall(method, path, Map.of(), Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), new InetSocketAddress("127.0.0.1", 50000));
    }
}
