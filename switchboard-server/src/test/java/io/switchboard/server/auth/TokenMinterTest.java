package io.switchboard.server.auth;

import com.nimbusds.jwt.SignedJWT;
import io.switchboard.core.auth.Claims;
import io.switchboard.protocol.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.SECRET;
import static io.switchboard.server.auth.Tokens.accepted;
import static io.switchboard.server.auth.Tokens.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class TokenMinterTest {

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);
    private final TokenMinter minter = new TokenMinter(SECRET, clock);
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock);

    @Test
    void mintedTokenVerifiesWithChannelsTtlAndInfo() throws Exception {
        String token = minter.mint("alice", List.of("news", "chat:*"), Duration.ofMinutes(10),
                "{ \"name\": \"Alice\", \"color\": [1, 2] }");

        assertThat(token.split("\\.")).hasSize(3);
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(NOW);

        Claims claims = accepted(verifier.verify(token));
        assertThat(claims.user()).isEqualTo("alice");
        assertThat(claims.channels()).containsExactly("news", "chat:*");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(claims.info()).isEqualTo(Payload.ofJson("{\"name\":\"Alice\",\"color\":[1,2]}"));
    }

    @Test
    void minimalTokenHasNoExpiryChannelsOrInfo() {
        Claims claims = accepted(verifier.verify(minter.mint("bob")));

        assertThat(claims.user()).isEqualTo("bob");
        assertThat(claims.expiresAt()).isNull();
        assertThat(claims.channels()).isEmpty();
        assertThat(claims.info()).isNull();
    }

    @Test
    void ttlMakesTheTokenExpire() {
        String token = minter.mint("carol", null, Duration.ofSeconds(60), null);
        clock.advance(Duration.ofSeconds(60 + 31));

        assertThat(rejected(verifier.verify(token), token).expired()).isTrue();
    }

    @Test
    void emptyChannelListIsKept() {
        assertThat(accepted(verifier.verify(minter.mint("dave", List.of(), null, "\"x\""))).channels()).isEmpty();
    }

    @Test
    void matchesServerAudienceAndIssuer() {
        JwtOptions options = JwtOptions.hmac(SECRET).withAudience("switchboard").withIssuer("dev");
        JwtTokenVerifier strict = new JwtTokenVerifier(options, clock);

        String token = TokenMinter.forOptions(options, clock).mint("erin");

        assertThat(accepted(strict.verify(token)).user()).isEqualTo("erin");
        String plain = minter.mint("erin");
        assertThat(rejected(strict.verify(plain), plain).getMessage()).isIn("issuer mismatch", "audience mismatch");
    }

    @Test
    void otherSecretDoesNotVerify() {
        String token = new TokenMinter("another-secret-another-secret-another", clock).mint("mallory");

        assertThat(rejected(verifier.verify(token), token)).hasMessage("invalid signature");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new TokenMinter("short")).hasMessage("secret must be at least 32 bytes");
        assertThatThrownBy(() -> minter.mint(" ")).hasMessage("user must not be blank");
        assertThatThrownBy(() -> minter.mint("a", null, Duration.ZERO, null)).hasMessage("ttl must be positive");
        assertThatThrownBy(() -> minter.mint("a", null, null, "{nope")).hasMessage("info must be valid JSON");
        assertThatThrownBy(() -> minter.mint("a", null, null, "1 2")).hasMessageStartingWith("info must be");
        assertThatThrownBy(() -> minter.mint("a", List.of(""), null, null)).hasMessage("channels must not be blank");
        assertThatThrownBy(() -> TokenMinter.forOptions(JwtOptions.publicKey(Tokens.pem(Tokens.rsa().getPublic()))))
                .hasMessageContaining("token.hmac_secret");
    }
}
