package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The exact bytes a user signs (LN {@code signmessage} with its user key) for each monitoring request
 * (docs/monitoring.md 5.1): UTF-8 text, single spaces, decimals without sign or leading zeros,
 * {@code <tower>} the tower id as 66 hex. Every message names the tower, so a signature for one tower
 * is useless at another, and all but {@code stream} carry {@code height}, the signer's view of the
 * tower's tip, which bounds how long a captured request can be replayed. {@code stream} signs a fresh
 * single-use challenge instead.
 */
public final class MonitorRequests {
    /** The common start of every message (with its trailing space). */
    public static final String PREFIX = "vigil/monitor/v1 ";
    /** The largest {@code limit} of a pull. */
    public static final int MAX_EVENTS_LIMIT = 500;
    /** The {@code limit} a pull without one gets; the signed message carries it. */
    public static final int DEFAULT_EVENTS_LIMIT = 100;
    /** A stream challenge is 32 random bytes. */
    public static final int CHALLENGE_LENGTH = 32;

    private MonitorRequests() {}

    /** {@code watch_add <tower> <height> hint <hint 32 hex>}. */
    public static byte[] watchAdd(TowerId tower, long height, WatchHint hint) {
        Objects.requireNonNull(hint, "hint");
        return message("watch_add", tower, height, WatchKind.HINT.wireName() + " " + hint.toHex());
    }

    /** {@code watch_add <tower> <height> outpoint <txid display hex>:<vout>}. */
    public static byte[] watchAdd(TowerId tower, long height, Outpoint outpoint) {
        Objects.requireNonNull(outpoint, "outpoint");
        return message("watch_add", tower, height, WatchKind.OUTPOINT.wireName() + " " + outpoint);
    }

    /** {@code watch_remove <tower> <height> <watch_id>}. */
    public static byte[] watchRemove(TowerId tower, long height, WatchId watchId) {
        Objects.requireNonNull(watchId, "watchId");
        return message("watch_remove", tower, height, watchId.toHex());
    }

    /** {@code watch_list <tower> <height>}. */
    public static byte[] watchList(TowerId tower, long height) {
        return message("watch_list", tower, height, null);
    }

    /** {@code events <tower> <height> <after> <limit>}; {@code limit} as applied (the default when the body had none). */
    public static byte[] events(TowerId tower, long height, long after, int limit) {
        if (after < 0) {
            throw new IllegalArgumentException("after is a cursor, got " + after);
        }
        if (limit < 1 || limit > MAX_EVENTS_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_EVENTS_LIMIT + "], got " + limit);
        }
        return message("events", tower, height, after + " " + limit);
    }

    /** {@code stream <tower> <challenge 64 hex>}: no height, the challenge is fresh. */
    public static byte[] stream(TowerId tower, Bytes challenge) {
        Objects.requireNonNull(tower, "tower");
        Bytes.requireLength(challenge, CHALLENGE_LENGTH, "a stream challenge");
        return utf8(PREFIX + "stream " + tower.toHex() + " " + challenge.toHex());
    }

    /** {@code webhook_set <tower> <height> <url>}, the URL as sent. */
    public static byte[] webhookSet(TowerId tower, long height, String url) {
        Objects.requireNonNull(url, "url");
        if (url.isEmpty()) {
            throw new IllegalArgumentException("an empty url");
        }
        return message("webhook_set", tower, height, url);
    }

    /** {@code webhook_remove <tower> <height>}. */
    public static byte[] webhookRemove(TowerId tower, long height) {
        return message("webhook_remove", tower, height, null);
    }

    /** {@code webhook_status <tower> <height>}. */
    public static byte[] webhookStatus(TowerId tower, long height) {
        return message("webhook_status", tower, height, null);
    }

    private static byte[] message(String request, TowerId tower, long height, String rest) {
        Objects.requireNonNull(tower, "tower");
        Uint32.check("height", height);
        String text = PREFIX + request + " " + tower.toHex() + " " + height;
        return utf8(rest == null ? text : text + " " + rest);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
