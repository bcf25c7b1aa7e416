package io.switchboard.bench.spring;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HS256 token check of every peer, before the upgrade: {@code ?token=<JWT>}, signature with
 * BENCH_SECRET (no secret: no check), {@code sub} present, {@code exp} not passed; else 401. The
 * token's {@code sub} is kept as the session attribute {@code user}.
 */
final class TokenHandshakeInterceptor implements HandshakeInterceptor {

    private static final Pattern SUB = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    TokenHandshakeInterceptor(String secret) {
        this.key = secret == null || secret.isEmpty() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String user = verify(UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("token"));
        if (user == null) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put("user", user);
        return true;
    }

    /** The token's sub when its signature and exp are good, otherwise null. */
    String verify(String token) {
        if (key == null) {
            return "anonymous";
        }
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String want = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.get().doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher sub = SUB.matcher(claims);
            Matcher exp = EXP.matcher(claims);
            if (!sub.find() || exp.find() && Long.parseLong(exp.group(1)) < System.currentTimeMillis() / 1000) {
                return null;
            }
            return sub.group(1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
