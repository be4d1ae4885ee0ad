package dev.vigil.clientsdk;

import dev.vigil.towerprotocol.TowerId;
import java.net.URI;
import java.util.Objects;

/**
 * A tower as the wallet configures it: where its teos API is (e.g. {@code http://tower.example:9814}
 * or an onion address behind a SOCKS transport) and the id it must sign with. The id comes from the
 * tower's operator, not from the tower's answers: a receipt is only as good as this id.
 */
public record TowerEndpoint(URI url, TowerId towerId) {
    public TowerEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(towerId, "towerId");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("a tower URL is http or https: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("a tower URL needs a host: " + url);
        }
    }

    /** {@code http://host:port/path} with {@code endpoint} (e.g. "register") appended to the path. */
    URI resolve(String endpoint) {
        String base = url.toString();
        return URI.create(base.endsWith("/") ? base + endpoint : base + "/" + endpoint);
    }
}
