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
        return hostHeader != null && sameHostAndPort(o, hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The origin's host and effective port (explicit, or its scheme's default) against the Host
     * header's. A Host without a port matches an origin on its scheme's default port, so a node
     * behind a TLS-terminating proxy still recognises its own pages.
     */
    private static boolean sameHostAndPort(String origin, String host) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (Exception e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null || uri.getPath() != null && !uri.getPath().isEmpty()) {
            return false;
        }
        int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
        int colon = host.lastIndexOf(':');
        boolean hostHasPort = colon > host.lastIndexOf(']');
        String hostName = hostHasPort ? host.substring(0, colon) : host;
        if (!hostName.equals(uri.getHost())) {
            return false;
        }
        if (!hostHasPort) {
            return uri.getPort() == -1 || originPort == defaultPort(uri.getScheme());
        }
        try {
            return Integer.parseInt(host.substring(colon + 1)) == originPort;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
