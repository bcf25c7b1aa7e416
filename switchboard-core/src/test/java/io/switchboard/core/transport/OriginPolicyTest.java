package io.switchboard.core.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class OriginPolicyTest {

    private final OriginPolicy ownOnly = new OriginPolicy(List.of());
    private final OriginPolicy allowList = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"));
    private final OriginPolicy any = new OriginPolicy(List.of("*"));

    @Test
    void requestsWithoutOriginPass() {
        assertThat(ownOnly.allows(null, "ws.example.com")).isTrue();
        assertThat(ownOnly.allows(null, null)).isTrue();
        assertThat(allowList.allows(null, "ws.example.com")).isTrue();
    }

    @ParameterizedTest(name = "Origin {0} with Host {1}")
    @CsvSource({
            "http://example.com,        example.com",
            "http://example.com,        example.com:80",
            "https://example.com,       example.com",
            "https://example.com,       example.com:443",
            "https://example.com:443,   example.com",
            "http://example.com:80,     example.com",
            "http://example.com:8080,   example.com:8080",
            "https://example.com:8443,  example.com:8443",
            "HTTP://Example.COM,        EXAMPLE.com",
            "http://EXAMPLE.com:8080,   example.COM:8080",
            "http://127.0.0.1:8080,     127.0.0.1:8080",
            "http://[::1]:8080,         [::1]:8080",
            "http://[::1],              [::1]",
            "'  http://example.com  ',  ' example.com '",
    })
    void ownOriginPasses(String origin, String host) {
        assertThat(ownOnly.allows(origin, host)).isTrue();
    }

    @ParameterizedTest(name = "Origin {0} with Host {1}")
    @CsvSource({
            "http://evil.com,               example.com",
            "http://example.com.evil.com,   example.com",
            "http://evilexample.com,        example.com",
            "http://sub.example.com,        example.com",
            "http://example.com,            sub.example.com",
            "http://example.com:8080,       example.com",
            "http://example.com,            example.com:8080",
            "http://example.com:8080,       example.com:8081",
            "http://example.com:8080,       example.com:80",
            "https://example.com:8443,      example.com:443",
            "http://127.0.0.1:8080,         localhost:8080",
            "http://[::1]:8080,             [::2]:8080",
    })
    void otherOriginsAreRejected(String origin, String host) {
        assertThat(ownOnly.allows(origin, host)).isFalse();
    }

    @Test
    void withoutHostOnlyTheAllowListCounts() {
        assertThat(ownOnly.allows("http://example.com", null)).isFalse();
        assertThat(allowList.allows("https://app.example.com", null)).isTrue();
    }

    @Test
    void allowListMatchesExactly() {
        assertThat(allowList.allows("https://app.example.com", "ws.example.com")).isTrue();
        assertThat(allowList.allows("http://localhost:3000", "ws.example.com")).isTrue();

        assertThat(allowList.allows("http://app.example.com", "ws.example.com")).as("other scheme").isFalse();
        assertThat(allowList.allows("https://app.example.com:8443", "ws.example.com")).as("other port").isFalse();
        assertThat(allowList.allows("http://localhost:3001", "ws.example.com")).isFalse();
        assertThat(allowList.allows("http://localhost", "ws.example.com")).isFalse();
        assertThat(allowList.allows("https://example.com", "ws.example.com")).as("parent domain").isFalse();
        assertThat(allowList.allows("https://x.app.example.com", "ws.example.com")).as("subdomain").isFalse();
        assertThat(allowList.allows("https://app.example.com.evil.com", "ws.example.com")).isFalse();
        assertThat(allowList.allows("https://evilapp.example.com", "ws.example.com")).isFalse();
    }

    @Test
    void allowListIsCaseInsensitive() {
        OriginPolicy mixedCase = new OriginPolicy(List.of("https://App.Example.com"));

        assertThat(mixedCase.allows("https://app.example.com", "ws.example.com")).isTrue();
        assertThat(mixedCase.allows("HTTPS://APP.EXAMPLE.COM", "ws.example.com")).isTrue();
        assertThat(allowList.allows("https://APP.example.COM", "ws.example.com")).isTrue();
    }

    @Test
    void allowListDoesNotReplaceTheOwnOrigin() {
        assertThat(allowList.allows("https://ws.example.com", "ws.example.com")).isTrue();
    }

    @Test
    void wildcardAllowsAnyOrigin() {
        assertThat(any.allows("https://anything.example", "ws.example.com")).isTrue();
        assertThat(any.allows("http://evil.com:1234", null)).isTrue();
        assertThat(new OriginPolicy(List.of("https://a.example", "*")).allows("https://b.example", "x")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "NULL", " null "})
    void theNullOriginIsRejected(String origin) {
        assertThat(ownOnly.allows(origin, "example.com")).isFalse();
        assertThat(ownOnly.allows(origin, "null")).isFalse();
        assertThat(allowList.allows(origin, "example.com")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "example.com", "//example.com", "://example.com", "http://", "http:example.com",
            "http://exa mple.com", "http://example.com:port", "http://example.com:99999", "http://[::1",
            "ws://", "file:///etc/passwd", "%", "http://%zz",
    })
    void malformedOriginsAreRejected(String origin) {
        assertThat(ownOnly.allows(origin, "example.com")).isFalse();
        assertThat(allowList.allows(origin, "example.com")).isFalse();
    }
    @Test
    void ownOriginComparesEffectivePorts() {
        // Origin port 80 against Host port 443 (and vice versa) is a different port, yet passes today.
        assertThat(ownOnly.allows("http://example.com", "example.com:443")).isFalse();
        assertThat(ownOnly.allows("https://example.com", "example.com:80")).isFalse();
        // Same host and port, yet rejected today.
        assertThat(ownOnly.allows("http://example.com:443", "example.com:443")).isTrue();
        assertThat(ownOnly.allows("https://example.com:80", "example.com:80")).isTrue();
    }
}
