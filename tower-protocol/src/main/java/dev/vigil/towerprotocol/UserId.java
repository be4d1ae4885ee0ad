package dev.vigil.towerprotocol;

import java.util.Objects;

/** A tower user: identified by a 33-byte compressed public key (teos {@code user_id}). */
public record UserId(PublicKey key) {
    public UserId {
        Objects.requireNonNull(key, "key");
    }

    public static UserId fromHex(String hex) {
        return new UserId(PublicKey.fromHex(hex));
    }

    public String toHex() {
        return key.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
