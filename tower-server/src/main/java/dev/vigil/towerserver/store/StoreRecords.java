package dev.vigil.towerserver.store;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
 * </pre>
 * A tracker's key is its appointment id, {@code RIPEMD160(locator || user_id)}, and its locator is
 * the first 16 bytes of the dispute txid; so neither the id nor the locator is stored, and the
 * decoder checks that the key is the id of the stored user and dispute (a record filed under
 * another key is corruption, not a tracker to resume). The txids are stored although they could be
 * hashed from the transactions: that needs a transaction parser (segwit serialization) in the store,
 * and the record does not promise that they agree, so storing them is what rebuilds an identical
 * {@link Tracker}.
 *
 * Decoders dispatch on the version byte, so a later version adds a case and keeps reading the old
 * one (the migration tests feed every golden version through the current reader). An unknown
 * version, a wrong length or an out-of-range field is a {@link CorruptRecordException} naming the
 * record; it never changes anything stored.
 */
final class StoreRecords {
    static final byte V1 = 1;
    /**
     * The layout version of the whole store (meta {@code "schema"}); bumped when maps or keys change.
     * 1: meta, users, appointments, user_locators. 2: and trackers ({@code MapDbTables} migrates 1 to 2
     * at open). A build refuses a store of a later version rather than run without its maps.
     */
    static final int STORE_SCHEMA_VERSION = 2;

    static final int USER_KEY_LENGTH = PublicKey.LENGTH;
    static final int APPOINTMENT_KEY_LENGTH = Locator.LENGTH + PublicKey.LENGTH;

    private static final int USER_V1_LENGTH = 13;
    private static final int APPOINTMENT_V1_FIXED = 1 + 4 * 4 + 2;
    private static final int TIP_V1_LENGTH = 1 + Hash256.LENGTH + 4;
    private static final int KEY_V1_LENGTH = 1 + PrivateKey.LENGTH;

    /**
     * The most UTF-8 bytes of an {@code Unsent} answer a tracker record keeps; a longer answer is cut
     * there (at a character boundary) on write. The answer is bitcoind's reject reason, for logs and
     * the operator: a bound keeps one odd answer from bloating every rewrite of its tracker.
     */
    static final int TRACKER_ANSWER_MAX_BYTES = 1000;
    static final int STATUS_UNSENT = 1;
    static final int STATUS_IN_MEMPOOL = 2;
    static final int STATUS_CONFIRMED = 3;
    static final int STATUS_SPENT_ELSEWHERE = 4;
    private static final int DISPUTE_UNCONFIRMED = 0;
    private static final int DISPUTE_AT_HEIGHT = 1;
    /** Version, user id, slots, the two txids, the dispute-height flag, the status tag, the two tx lengths. */
    private static final int TRACKER_V1_FIXED = 1 + PublicKey.LENGTH + 4 + 2 * Txid.LENGTH + 1 + 1 + 2 * 4;

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

    // ---- trackers ----

    static byte[] trackerKey(AppointmentId id) {
        return id.value().toArray();
    }

    static AppointmentId trackerIdOfKey(byte[] key) {
        if (key.length != AppointmentId.LENGTH) {
            throw new CorruptRecordException("trackers: a key of " + key.length + " bytes, expected " + AppointmentId.LENGTH);
        }
        return new AppointmentId(Bytes.of(key));
    }

    /**
     * Tracker record version 1. Refuses ({@link IllegalArgumentException}) what it could not read
     * back: an id that is not {@code AppointmentId.of(locator, user)}, a height (dispute or status)
     * that is not a u32. Cuts an {@code Unsent} answer to {@link #TRACKER_ANSWER_MAX_BYTES}; an
     * answer with unpaired surrogates is stored with {@code ?} in their place (Java's UTF-8 encoder).
     */
    static byte[] encodeTracker(Tracker t) {
        if (!AppointmentId.of(t.locator(), t.user()).equals(t.id())) {
            throw new IllegalArgumentException("tracker " + t.id() + " is not the appointment id of its locator "
                    + t.locator() + " and user " + t.user() + ": its record could not be read back");
        }
        byte[] disputeTx = t.disputeTx().toArray();
        byte[] penaltyTx = t.penaltyTx().toArray();
        Tracker.Status status = t.status();
        byte[] answer = status instanceof Tracker.Status.Unsent u ? utf8Prefix(u.lastAnswer(), TRACKER_ANSWER_MAX_BYTES) : null;
        int statusFields;
        if (status instanceof Tracker.Status.Unsent) {
            statusFields = 4 + 2 + answer.length;
        } else if (status instanceof Tracker.Status.InMempool) {
            statusFields = 8;
        } else {
            statusFields = 4;
        }
        boolean disputeConfirmed = t.disputeHeight() >= 0;
        ByteBuffer b = ByteBuffer.allocate(TRACKER_V1_FIXED + (disputeConfirmed ? 4 : 0) + statusFields
                + disputeTx.length + penaltyTx.length);
        b.put(V1);
        b.put(t.user().key().compressed().toArray());
        b.putInt((int) t.slots());
        b.put(t.disputeTxid().internalBytes());
        b.put(t.penaltyTxid().internalBytes());
        if (disputeConfirmed) {
            b.put((byte) DISPUTE_AT_HEIGHT);
            b.putInt(height("dispute height", t.disputeHeight()));
        } else {
            b.put((byte) DISPUTE_UNCONFIRMED);
        }
        if (status instanceof Tracker.Status.Unsent u) {
            b.put((byte) STATUS_UNSENT);
            b.putInt(height("Unsent since height", u.sinceHeight()));
            b.putShort((short) answer.length);
            b.put(answer);
        } else if (status instanceof Tracker.Status.InMempool m) {
            b.put((byte) STATUS_IN_MEMPOOL);
            b.putInt(height("InMempool since height", m.sinceHeight()));
            b.putInt(height("InMempool last sent height", m.lastSentHeight()));
        } else if (status instanceof Tracker.Status.Confirmed c) {
            b.put((byte) STATUS_CONFIRMED);
            b.putInt(height("Confirmed height", c.height()));
        } else if (status instanceof Tracker.Status.SpentElsewhere s) {
            b.put((byte) STATUS_SPENT_ELSEWHERE);
            b.putInt(height("SpentElsewhere since height", s.sinceHeight()));
        } else {
            // Status is sealed: a new variant needs its own tag here (and a golden file) before it can be stored.
            throw new IllegalArgumentException("no record format for tracker status " + status.getClass().getName());
        }
        b.putInt(disputeTx.length);
        b.put(disputeTx);
        b.putInt(penaltyTx.length);
        b.put(penaltyTx);
        return b.array();
    }

    static Tracker decodeTracker(AppointmentId id, byte[] value) {
        String what = "tracker " + id;
        int version = version(value, what);
        if (version == 1) {
            return trackerV1(id, value, what);
        }
        throw unknownVersion(what, version);
    }

    private static Tracker trackerV1(AppointmentId id, byte[] v, String what) {
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        try {
            UserId user = new UserId(new PublicKey(Bytes.of(take(b, PublicKey.LENGTH, what, "user id"))));
            long slots = u32(b, what, "slots");
            Txid disputeTxid = Txid.ofInternal(take(b, Txid.LENGTH, what, "dispute txid"));
            Txid penaltyTxid = Txid.ofInternal(take(b, Txid.LENGTH, what, "penalty txid"));
            long disputeHeight;
            int flag = u8(b, what, "dispute height flag");
            if (flag == DISPUTE_AT_HEIGHT) {
                disputeHeight = u32(b, what, "dispute height");
            } else if (flag == DISPUTE_UNCONFIRMED) {
                disputeHeight = -1;
            } else {
                throw new CorruptRecordException(what + ": unknown dispute height flag " + flag);
            }
            Tracker.Status status;
            int tag = u8(b, what, "status tag");
            if (tag == STATUS_UNSENT) {
                long since = u32(b, what, "status since height");
                int answerLength = Short.toUnsignedInt(ByteBuffer.wrap(take(b, 2, what, "answer length")).getShort());
                if (answerLength > TRACKER_ANSWER_MAX_BYTES) {
                    throw new CorruptRecordException(what + ": answer length " + answerLength
                            + " is over the " + TRACKER_ANSWER_MAX_BYTES + " bytes a writer stores");
                }
                status = new Tracker.Status.Unsent(since, strictUtf8(take(b, answerLength, what, "answer"), what));
            } else if (tag == STATUS_IN_MEMPOOL) {
                status = new Tracker.Status.InMempool(u32(b, what, "status since height"), u32(b, what, "status last sent height"));
            } else if (tag == STATUS_CONFIRMED) {
                status = new Tracker.Status.Confirmed(u32(b, what, "status height"));
            } else if (tag == STATUS_SPENT_ELSEWHERE) {
                status = new Tracker.Status.SpentElsewhere(u32(b, what, "status since height"));
            } else {
                throw new CorruptRecordException(what + ": unknown status tag " + tag);
            }
            Bytes disputeTx = Bytes.of(take(b, length(b, what, "dispute tx length"), what, "dispute tx"));
            Bytes penaltyTx = Bytes.of(take(b, length(b, what, "penalty tx length"), what, "penalty tx"));
            if (b.hasRemaining()) {
                throw new CorruptRecordException(what + ": " + b.remaining() + " bytes after the penalty tx");
            }
            Locator locator = disputeTxid.locator();
            if (!AppointmentId.of(locator, user).equals(id)) {
                throw new CorruptRecordException(what + ": the key is not the appointment id of the stored user "
                        + user + " and dispute " + disputeTxid);
            }
            return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    /** The longest prefix of {@code s}'s UTF-8 that fits in {@code max} bytes and ends on a character boundary. */
    static byte[] utf8Prefix(String s, int max) {
        byte[] all = s.getBytes(StandardCharsets.UTF_8);
        if (all.length <= max) {
            return all;
        }
        int cut = max;
        while (cut > 0 && (all[cut] & 0xC0) == 0x80) {
            cut--; // all[cut] continues a character that started before it: cut before that character
        }
        byte[] prefix = new byte[cut];
        System.arraycopy(all, 0, prefix, 0, cut);
        return prefix;
    }

    /** Malformed UTF-8 is corruption (a lenient decoder would turn it into U+FFFD and hide it). */
    private static String strictUtf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException(what + ": the answer is not valid UTF-8", e);
        }
    }

    private static int height(String field, long height) {
        return (int) Uint32.check(field, height);
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

    private static int version(byte[] value, String what) {
        if (value.length == 0) {
            throw new CorruptRecordException(what + ": empty record");
        }
        return Byte.toUnsignedInt(value[0]);
    }

    private static CorruptRecordException unknownVersion(String what, int version) {
        return new CorruptRecordException(what + ": unknown record version " + version
                + " (this build reads version 1; written by a newer Vigil?)");
    }

    private static void requireLength(byte[] v, int length, String what) {
        if (v.length != length) {
            throw new CorruptRecordException(what + ": " + v.length + " bytes, expected " + length);
        }
    }

    private static long u32(ByteBuffer b) {
        return Integer.toUnsignedLong(b.getInt());
    }

    /** The next {@code n} bytes, or corruption naming {@code field} if the record ends first. */
    private static byte[] take(ByteBuffer b, int n, String what, String field) {
        if (b.remaining() < n) {
            throw new CorruptRecordException(what + ": the record ends in its " + field
                    + " (" + b.remaining() + " of " + n + " bytes)");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static long u32(ByteBuffer b, String what, String field) {
        return u32(ByteBuffer.wrap(take(b, 4, what, field)));
    }

    private static int u8(ByteBuffer b, String what, String field) {
        return Byte.toUnsignedInt(take(b, 1, what, field)[0]);
    }

    /** A u32 length that must fit in what is left of the record (so it also fits an int). */
    private static int length(ByteBuffer b, String what, String field) {
        long n = u32(b, what, field);
        if (n > b.remaining()) {
            throw new CorruptRecordException(what + ": " + field + " " + n + " runs past the record ("
                    + b.remaining() + " bytes left)");
        }
        return (int) n;
    }
}
