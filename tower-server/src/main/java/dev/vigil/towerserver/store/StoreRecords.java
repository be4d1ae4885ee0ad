package dev.vigil.towerserver.store;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The store's keys and its versioned record formats (DESIGN §5: every record starts with a schema
 * byte; a golden file per version pins its bytes, {@code src/test/resources/golden/store/}).
 *
 * <p>Values never repeat what their key already holds (the user id of a user, the locator and user
 * of an appointment): the decoders take the key's parts. All integers are big-endian u32 unless
 * stated. Formats, version 1:
 * <pre>
 * user         01 | available_slots | subscription_start | subscription_expiry            (13 B)
 * appointment  01 | start_block | slots | to_self_delay | blob_len | blob | sig_len (u16) | sig (UTF-8)
 * chain tip    01 | block_hash (32, internal order) | height                               (37 B)
 * tower key    01 | secret (32)                                                           (33 B)
 * tracker      01 | user_id (33) | slots | dispute_txid (32) | penalty_txid (32)
 *                 | dispute_height: 00 (-1, not in the active chain) or 01 | height
 *                 | status: 01 | since_height | answer_len (u16, at most 1000) | answer (UTF-8)   Unsent
 *                 |         02 | since_height | last_sent_height                               InMempool
 *                 |         03 | height                                                        Confirmed
 *                 |         04 | since_height                                                  SpentElsewhere
 *                 | dispute_tx_len | dispute_tx | penalty_tx_len | penalty_tx
 * tracker v2   02 | as version 1, except SpentElsewhere: 04 | since_height | 00 (spender unknown)
 *                 |                                       or 01 | spending_txid (32) | spent_vout
 *                 | and after penalty_tx: to_self_delay | deadline_warned (u8) | breach_seen_cursor (u64)
 *                 | justice_confirmed_cursor (u64) | justice_failed_cursor (u64)
 * </pre>
 * The tracker codec is {@link TrackerRecords}.
 *
 * Decoders dispatch on the version byte, so a later version adds a case and keeps reading the old
 * one (the golden tests feed every version through the current reader). An unknown
 * version, a wrong length or an out-of-range field is a {@link CorruptRecordException} naming the
 * record; it never changes anything stored.
 */
final class StoreRecords {
    static final byte V1 = 1;
    /**
     * The layout version of the whole store (meta {@code "schema"}); bumped when maps or keys change.
     * 1: meta, users, appointments, user_locators. 2: and trackers. 3: and monitor_users, events,
     * event_heights, watches, user_watches, webhooks (channel monitoring). A build opens version 2 by
     * adding version 3's maps, and refuses any other version ({@code MapDbTables}) rather than run
     * without its maps or misread them.
     */
    static final int STORE_SCHEMA_VERSION = 3;

    static final int USER_KEY_LENGTH = PublicKey.LENGTH;
    static final int APPOINTMENT_KEY_LENGTH = Locator.LENGTH + PublicKey.LENGTH;

    private static final int USER_V1_LENGTH = 13;
    private static final int APPOINTMENT_V1_FIXED = 1 + 4 * 4 + 2;
    private static final int TIP_V1_LENGTH = 1 + Hash256.LENGTH + 4;
    private static final int KEY_V1_LENGTH = 1 + PrivateKey.LENGTH;

    private StoreRecords() {}

    // ---- keys ----

    static byte[] userKey(UserId user) {
        return user.key().compressed().toArray();
    }

    /** {@code locator(16) || user_id(33)}: a locator's appointments are one key range. */
    static byte[] appointmentKey(Locator locator, UserId user) {
        byte[] k = new byte[APPOINTMENT_KEY_LENGTH];
        locator.value().copyTo(k, 0);
        user.key().compressed().copyTo(k, Locator.LENGTH);
        return k;
    }

    /** {@code user_id(33) || locator(16)}: a user's appointments are one key range. */
    static byte[] userLocatorKey(UserId user, Locator locator) {
        byte[] k = new byte[APPOINTMENT_KEY_LENGTH];
        user.key().compressed().copyTo(k, 0);
        locator.value().copyTo(k, PublicKey.LENGTH);
        return k;
    }

    /** The lowest ({@code fill = 0x00}) or highest ({@code fill = 0xff}) key that starts with {@code prefix}. */
    static byte[] rangeBound(byte[] prefix, int keyLength, int fill) {
        byte[] k = new byte[keyLength];
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        for (int i = prefix.length; i < keyLength; i++) {
            k[i] = (byte) fill;
        }
        return k;
    }

    static UserId userOfKey(byte[] key, int offset, String where) {
        try {
            return new UserId(new PublicKey(Bytes.of(key, offset, PublicKey.LENGTH)));
        } catch (RuntimeException e) {
            throw new CorruptRecordException(where + ": key does not hold a user id", e);
        }
    }

    static Locator locatorOfKey(byte[] key, int offset) {
        return new Locator(Bytes.of(key, offset, Locator.LENGTH));
    }

    // ---- users ----

    static byte[] encodeUser(UserRecord user) {
        ByteBuffer b = ByteBuffer.allocate(USER_V1_LENGTH);
        b.put(V1);
        b.putInt((int) user.availableSlots());
        b.putInt((int) user.subscriptionStart());
        b.putInt((int) user.subscriptionExpiry());
        return b.array();
    }

    static UserRecord decodeUser(UserId id, byte[] value) {
        String what = "user " + id;
        int version = version(value, what);
        if (version == 1) {
            return userV1(id, value, what);
        }
        throw unknownVersion(what, version);
    }

    private static UserRecord userV1(UserId id, byte[] v, String what) {
        requireLength(v, USER_V1_LENGTH, what);
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        try {
            return new UserRecord(id, u32(b), u32(b), u32(b));
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    // ---- appointments ----

    static byte[] encodeAppointment(StoredAppointment a) {
        Bytes blob = a.appointment().encryptedBlob();
        byte[] sig = a.userSignature().getBytes(StandardCharsets.UTF_8);
        if (sig.length > 0xFFFF) {
            throw new IllegalArgumentException("user signature is " + sig.length + " bytes, at most 65535 can be stored");
        }
        ByteBuffer b = ByteBuffer.allocate(APPOINTMENT_V1_FIXED + blob.length() + sig.length);
        b.put(V1);
        b.putInt((int) a.startBlock());
        b.putInt((int) a.slots());
        b.putInt((int) a.appointment().toSelfDelay());
        b.putInt(blob.length());
        b.put(blob.toArray());
        b.putShort((short) sig.length);
        b.put(sig);
        return b.array();
    }

    static StoredAppointment decodeAppointment(Locator locator, UserId user, byte[] value) {
        String what = "appointment " + locator + "/" + user;
        int version = version(value, what);
        if (version == 1) {
            return appointmentV1(locator, user, value, what);
        }
        throw unknownVersion(what, version);
    }

    private static StoredAppointment appointmentV1(Locator locator, UserId user, byte[] v, String what) {
        if (v.length < APPOINTMENT_V1_FIXED) {
            throw new CorruptRecordException(what + ": " + v.length + " bytes is too short for version 1");
        }
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        long startBlock = u32(b);
        long slots = u32(b);
        long toSelfDelay = u32(b);
        long blobLength = u32(b);
        if (blobLength > v.length - APPOINTMENT_V1_FIXED) {
            throw new CorruptRecordException(what + ": blob length " + blobLength + " runs past the record");
        }
        byte[] blob = new byte[(int) blobLength];
        b.get(blob);
        int sigLength = Short.toUnsignedInt(b.getShort());
        if (sigLength != b.remaining()) {
            throw new CorruptRecordException(what + ": signature length " + sigLength + " but " + b.remaining() + " bytes left");
        }
        byte[] sig = new byte[sigLength];
        b.get(sig);
        try {
            return new StoredAppointment(user, new Appointment(locator, Bytes.of(blob), toSelfDelay),
                    new String(sig, StandardCharsets.UTF_8), startBlock, slots);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    // ---- chain tip ----

    static byte[] encodeTip(ChainTip tip) {
        ByteBuffer b = ByteBuffer.allocate(TIP_V1_LENGTH);
        b.put(V1);
        b.put(tip.hash().internalOrder().toArray());
        b.putInt(tip.height());
        return b.array();
    }

    static ChainTip decodeTip(byte[] value) {
        String what = "chain tip";
        int version = version(value, what);
        if (version == 1) {
            requireLength(value, TIP_V1_LENGTH, what);
            int height = ByteBuffer.wrap(value, 1 + Hash256.LENGTH, 4).getInt();
            if (height < 0) {
                throw new CorruptRecordException(what + ": height " + Integer.toUnsignedString(height) + " is past 2^31 - 1");
            }
            return new ChainTip(Hash256.ofInternal(value, 1), height);
        }
        throw unknownVersion(what, version);
    }

    // ---- tower key ----

    static byte[] encodeTowerKey(PrivateKey key) {
        byte[] v = new byte[KEY_V1_LENGTH];
        v[0] = V1;
        key.value().copyTo(v, 1);
        return v;
    }

    static PrivateKey decodeTowerKey(byte[] value) {
        String what = "tower key";
        int version = version(value, what);
        if (version == 1) {
            requireLength(value, KEY_V1_LENGTH, what);
            try {
                return new PrivateKey(Bytes.of(value, 1, PrivateKey.LENGTH));
            } catch (IllegalArgumentException e) {
                // Never echo key material: the message names the problem only.
                throw new CorruptRecordException(what + ": not a valid secp256k1 secret", e);
            }
        }
        throw unknownVersion(what, version);
    }

    // ---- store schema ----

    static byte[] encodeSchemaVersion(int version) {
        return ByteBuffer.allocate(4).putInt(version).array();
    }

    static int decodeSchemaVersion(byte[] value) {
        if (value.length != 4) {
            throw new CorruptRecordException("store schema version: " + value.length + " bytes, expected 4");
        }
        return ByteBuffer.wrap(value).getInt();
    }

    // ---- helpers ----

    static int version(byte[] value, String what) {
        if (value.length == 0) {
            throw new CorruptRecordException(what + ": empty record");
        }
        return Byte.toUnsignedInt(value[0]);
    }

    static CorruptRecordException unknownVersion(String what, int version) {
        return new CorruptRecordException(what + ": unknown record version " + version
                + " (not one this build reads: written by a newer Vigil?)");
    }

    static void requireLength(byte[] v, int length, String what) {
        if (v.length != length) {
            throw new CorruptRecordException(what + ": " + v.length + " bytes, expected " + length);
        }
    }

    static long u32(ByteBuffer b) {
        return Integer.toUnsignedLong(b.getInt());
    }

    /** The next {@code n} bytes, or corruption naming {@code field} if the record ends first. */
    static byte[] take(ByteBuffer b, int n, String what, String field) {
        if (b.remaining() < n) {
            throw new CorruptRecordException(what + ": the record ends in its " + field
                    + " (" + b.remaining() + " of " + n + " bytes)");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    static long u32(ByteBuffer b, String what, String field) {
        return u32(ByteBuffer.wrap(take(b, 4, what, field)));
    }

    static int u8(ByteBuffer b, String what, String field) {
        return Byte.toUnsignedInt(take(b, 1, what, field)[0]);
    }

    /** A u32 length that must fit in what is left of the record (so it also fits an int). */
    static int length(ByteBuffer b, String what, String field) {
        long n = u32(b, what, field);
        if (n > b.remaining()) {
            throw new CorruptRecordException(what + ": " + field + " " + n + " runs past the record ("
                    + b.remaining() + " bytes left)");
        }
        return (int) n;
    }
}
