package dev.vigil.config;

import java.util.Objects;
import java.util.Optional;

/** A TCP endpoint {@code host:port}; IPv6 hosts are written in brackets ({@code [::1]:8332}). */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("host must be a name or an address without spaces");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}; empty if malformed. */
    public static Optional<HostPort> parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return Optional.empty();
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            return Optional.of(new HostPort(host, port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
