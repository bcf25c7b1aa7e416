package io.switchboard.bench.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the generator connects: a {@code ws://} URL whose host must resolve to a loopback address.
 * The generator refuses every other target: it is a load tool, and load goes only to this machine.
 */
public record Target(InetSocketAddress address, String hostHeader, String path) {

    public static Target parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// URLs are supported: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + uri.getHost());
        }
        for (InetAddress a : resolved) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load " + uri.getHost() + " (" + a.getHostAddress()
                        + "): the generator only targets loopback addresses (127.0.0.0/8, ::1)");
            }
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Target(new InetSocketAddress(resolved[0], port), uri.getHost() + ":" + port, path);
    }
}
