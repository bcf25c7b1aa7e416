package io.switchboard.core.testing;

import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.core.auth.TokenVerifier;
import io.switchboard.protocol.Payload;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A token verifier for core tests, where JWT is not the subject: a token is
 * {@code user=alice;channels=chat:*|news:*;exp=<epoch seconds>;info=<json>}, all but {@code user}
 * optional. Anything else is invalid. The real JWT verifier lives in the server module.
 */
public final class SimpleTokenVerifier implements TokenVerifier {

    public static String token(String user) {
        return "user=" + user;
    }

    public static String token(String user, String channels) {
        return "user=" + user + ";channels=" + channels;
    }

    public static String expiring(String user, Instant exp) {
        return "user=" + user + ";exp=" + exp.getEpochSecond();
    }

    @Override
    public CompletionStage<Claims> verify(String token) {
        String user = null;
        List<String> channels = List.of();
        Instant exp = null;
        Payload info = null;
        for (String part : token.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return CompletableFuture.failedFuture(new InvalidTokenException("malformed token"));
            }
            String k = part.substring(0, eq);
            String v = part.substring(eq + 1);
            switch (k) {
                case "user" -> user = v;
                case "channels" -> channels = List.of(v.split("\\|"));
                case "exp" -> exp = Instant.ofEpochSecond(Long.parseLong(v));
                case "info" -> info = Payload.ofJson(v);
                default -> {
                    return CompletableFuture.failedFuture(new InvalidTokenException("unknown claim"));
                }
            }
        }
        if (user == null || user.isBlank()) {
            return CompletableFuture.failedFuture(new InvalidTokenException("missing sub"));
        }
        if (exp != null && !exp.isAfter(Instant.now())) {
            return CompletableFuture.failedFuture(new InvalidTokenException("token expired", true));
        }
        return CompletableFuture.completedFuture(new Claims(user, exp, channels, info));
    }
}
