package io.switchboard.core.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a WebSocket: the node's own origin (same host and port as the
 * request's {@code Host}), the configured allow-list (exact matches), or any when {@code *} is
 * configured. Requests without {@code Origin} come from non-browser clients and pass: the token is
 * what authenticates them.
 */
public final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.any = allowedOrigins.contains("*");
        this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public boolean allows(String origin, String hostHeader) {
        if (origin == null || any) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        String originAuthority = authority(o);
        return originAuthority != null && hostHeader != null
                && originAuthority.equals(normalizeHost(hostHeader.trim().toLowerCase(Locale.ROOT)));
    }

    /** {@code host[:port]} of an origin with the scheme's default port left out; null if malformed. */
    private static String authority(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1
                    || (port == 80 && uri.getScheme().equals("http"))
                    || (port == 443 && uri.getScheme().equals("https"));
            return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        } catch (Exception e) {
            return null;
        }
    }

    private static String normalizeHost(String host) {
        if (host.endsWith(":80") || host.endsWith(":443")) {
            return host.substring(0, host.lastIndexOf(':'));
        }
        return host;
    }
}
