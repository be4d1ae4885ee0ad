package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchLookup;
import dev.vigil.towerserver.monitor.WatchRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The watch records and keys (docs/monitoring.md 3.1; golden file {@code golden/store-watch/watch-v1.hex})
 * and the operations on them that run on the store's thread, inside a task: a watch's record and its
 * {@code user_watches} entry are written and deleted together.
 * <pre>
 * watch   01 | registered_height | slots | [outpoint: txid (32, internal order) | vout]   (an outpoint watch only)
 *            | state (u8: 0 watching, 1 spent)
 *            | [spent: height | block_hash (32, internal order) | txid (32, internal order) | input | event_cursor (u64)]
 * keys    watches: kind (u8) | key (16) | user_id (33);  user_watches: user_id (33) | kind (u8) | key (16)
 * </pre>
 * Integers are big-endian, u32 unless marked. The kind is in the key, so the record holds an outpoint
 * exactly when the key's kind says so.
 */
final class WatchRecords {
    static final int WATCH_KEY_LENGTH = 1 + WatchId.LENGTH + PublicKey.LENGTH;
    static final int USER_WATCH_KEY_LENGTH = PublicKey.LENGTH + 1 + WatchId.LENGTH;
    private static final int WATCHING = 0;
    private static final int SPENT = 1;

    private WatchRecords() {}

    // ---------------------------------------------------------------- keys

    static byte[] watchKey(WatchRef r) {
        ByteBuffer b = ByteBuffer.allocate(WATCH_KEY_LENGTH);
        b.put((byte) r.kind().code());
        b.put(r.key().value().toArray());
        b.put(StoreRecords.userKey(r.user()));
        return b.array();
    }

    static byte[] userWatchKey(WatchRef r) {
        ByteBuffer b = ByteBuffer.allocate(USER_WATCH_KEY_LENGTH);
        b.put(StoreRecords.userKey(r.user()));
        b.put((byte) r.kind().code());
        b.put(r.key().value().toArray());
        return b.array();
    }

    static WatchRef refOfWatchKey(byte[] k) {
        requireKey(k, WATCH_KEY_LENGTH, "watches");
        WatchKind kind = kindOf(k[0], "watches");
        return new WatchRef(StoreRecords.userOfKey(k, 1 + WatchId.LENGTH, "watches"), kind, new WatchId(Bytes.of(k, 1, WatchId.LENGTH)));
    }

    static WatchRef refOfUserWatchKey(byte[] k) {
        requireKey(k, USER_WATCH_KEY_LENGTH, "user_watches");
        WatchKind kind = kindOf(k[PublicKey.LENGTH], "user_watches");
        return new WatchRef(StoreRecords.userOfKey(k, 0, "user_watches"), kind, new WatchId(Bytes.of(k, PublicKey.LENGTH + 1, WatchId.LENGTH)));
    }

    private static void requireKey(byte[] k, int length, String table) {
        if (k.length != length) {
            throw new CorruptRecordException(table + ": a key of " + k.length + " bytes, expected " + length);
        }
    }

    private static WatchKind kindOf(byte code, String table) {
        return WatchKind.fromCode(Byte.toUnsignedInt(code))
                .orElseThrow(() -> new CorruptRecordException(table + ": unknown watch kind " + Byte.toUnsignedInt(code)));
    }

    // ---------------------------------------------------------------- codec

    static byte[] encodeWatch(StoredWatch w) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + Outpoint.SERIALIZED_LENGTH + 1 + 4 + BlockHash.LENGTH + Txid.LENGTH + 4 + 8);
        b.put(StoreRecords.V1);
        b.putInt((int) w.registeredHeight());
        b.putInt((int) w.slots());
        if (w.outpoint().isPresent()) {
            b.put(w.outpoint().get().txid().internal().toArray());
            b.putInt((int) w.outpoint().get().vout());
        }
        if (w.state() instanceof StoredWatch.State.Spent s) {
            b.put((byte) SPENT);
            b.putInt((int) s.height());
            b.put(s.blockHash().internal().toArray());
            b.put(s.txid().internal().toArray());
            b.putInt((int) s.input());
            b.putLong(s.eventCursor());
        } else {
            b.put((byte) WATCHING);
        }
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    static StoredWatch decodeWatch(WatchRef ref, byte[] v) {
        String what = "watch " + ref.kind().wireName() + " " + ref.key() + " of " + ref.user();
        int version = StoreRecords.version(v, what);
        if (version != 1) {
            throw StoreRecords.unknownVersion(what, version);
        }
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        long registered = StoreRecords.u32(b, what, "registered_height");
        long slots = StoreRecords.u32(b, what, "slots");
        Optional<Outpoint> outpoint = Optional.empty();
        if (ref.kind() == WatchKind.OUTPOINT) {
            Txid txid = Txid.ofInternal(StoreRecords.take(b, Txid.LENGTH, what, "outpoint"));
            outpoint = Optional.of(new Outpoint(txid, StoreRecords.u32(b, what, "outpoint")));
        }
        int tag = StoreRecords.u8(b, what, "state");
        StoredWatch.State state;
        if (tag == WATCHING) {
            state = StoredWatch.WATCHING;
        } else if (tag == SPENT) {
            long height = StoreRecords.u32(b, what, "spent height");
            BlockHash block = new BlockHash(Bytes.of(StoreRecords.take(b, BlockHash.LENGTH, what, "block_hash")));
            Txid txid = Txid.ofInternal(StoreRecords.take(b, Txid.LENGTH, what, "txid"));
            long input = StoreRecords.u32(b, what, "input");
            long cursor = ByteBuffer.wrap(StoreRecords.take(b, 8, what, "event_cursor")).getLong();
            try {
                state = new StoredWatch.State.Spent(height, block, txid, input, cursor);
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordException(what + ": " + e.getMessage(), e);
            }
        } else {
            throw new CorruptRecordException(what + ": unknown state " + tag);
        }
        if (b.hasRemaining()) {
            throw new CorruptRecordException(what + ": " + b.remaining() + " bytes after the record");
        }
        try {
            return new StoredWatch(ref, registered, slots, outpoint, state);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- operations (store's thread, inside a task)

    static void put(Tables t, byte[] watchKey, byte[] userWatchKey, byte[] value) {
        t.watches().put(watchKey, value);
        t.userWatches().put(userWatchKey, Tables.Table.EMPTY);
    }

    static void remove(Tables t, byte[] watchKey, byte[] userWatchKey) {
        t.watches().remove(watchKey);
        t.userWatches().remove(userWatchKey);
    }

    /** Every user's watch under each key, each key once, in key then user order. */
    static List<StoredWatch> find(Tables t, Collection<WatchLookup.Key> keys) {
        TreeSet<byte[]> prefixes = new TreeSet<>(java.util.Arrays::compareUnsigned);
        for (WatchLookup.Key k : keys) {
            byte[] p = new byte[1 + WatchId.LENGTH];
            p[0] = (byte) k.kind().code();
            k.key().value().copyTo(p, 1);
            prefixes.add(p);
        }
        List<StoredWatch> found = new ArrayList<>();
        for (byte[] p : prefixes) {
            t.watches().scan(StoreRecords.rangeBound(p, WATCH_KEY_LENGTH, 0x00), StoreRecords.rangeBound(p, WATCH_KEY_LENGTH, 0xff),
                    (k, v) -> found.add(decodeWatch(refOfWatchKey(k), v)));
        }
        return found;
    }

    static Optional<StoredWatch> get(Tables t, WatchRef ref) {
        byte[] v = t.watches().get(watchKey(ref));
        return v == null ? Optional.empty() : Optional.of(decodeWatch(ref, v));
    }

    /** The user's watches, from {@code user_watches} (keys only), in kind then key order. */
    static List<WatchRef> of(Tables t, byte[] userKey) {
        List<WatchRef> refs = new ArrayList<>();
        t.userWatches().scanKeys(StoreRecords.rangeBound(userKey, USER_WATCH_KEY_LENGTH, 0x00),
                StoreRecords.rangeBound(userKey, USER_WATCH_KEY_LENGTH, 0xff), k -> refs.add(refOfUserWatchKey(k)));
        return refs;
    }

    /** Deletes every watch of the user (with its user). */
    static void deleteOf(Tables t, byte[] userKey) {
        for (WatchRef r : of(t, userKey)) {
            remove(t, watchKey(r), userWatchKey(r));
        }
    }

    static long forEach(Tables t, Consumer<StoredWatch> sink) {
        long[] n = {0};
        t.watches().scan(null, null, (k, v) -> {
            sink.accept(decodeWatch(refOfWatchKey(k), v));
            n[0]++;
        });
        return n[0];
    }
}
