package dev.vigil.towerprotocol;

import java.util.Objects;

/** The tower's identity: the public key of the key that signs its receipts (teos {@code tower_id}). */
public record TowerId(PublicKey key) {
    public TowerId {
        Objects.requireNonNull(key, "key");
    }

    public static TowerId fromHex(String hex) {
        return new TowerId(PublicKey.fromHex(hex));
    }

    public String toHex() {
        return key.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
