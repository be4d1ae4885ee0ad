package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * An event's {@code id} (docs/monitoring.md 2.2):
 * {@code SHA256("vigil/event-id/v1" || tower_id(33) || user_id(33) || u64be(cursor))[0..16]}. Unique
 * across towers and users, so a relay or a wallet with several towers drops duplicates by id alone,
 * and a function of the cursor, so a wallet recomputes it to check an event.
 */
public record EventId(Bytes value) {
    public static final int LENGTH = 16;
    private static final byte[] TAG = "vigil/event-id/v1".getBytes(StandardCharsets.US_ASCII);

    public EventId {
        Bytes.requireLength(value, LENGTH, "an event id");
    }

    /** The id of the event at {@code cursor} in {@code user}'s log at {@code tower}. */
    public static EventId of(TowerId tower, UserId user, long cursor) {
        if (cursor < 0) {
            throw new IllegalArgumentException("a cursor is unsigned, got " + cursor);
        }
        MessageDigest d = Hashes.sha256Digest();
        d.update(TAG);
        d.update(tower.key().compressed().toArray());
        d.update(user.key().compressed().toArray());
        byte[] c = new byte[8];
        for (int i = 0; i < 8; i++) {
            c[i] = (byte) (cursor >>> (56 - 8 * i));
        }
        d.update(c);
        return new EventId(Bytes.of(d.digest(), 0, LENGTH));
    }

    public static EventId fromHex(String hex) {
        return new EventId(Bytes.fromHex(hex));
    }

    public String toHex() {
        return value.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
