package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.Tracker;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The tracker record's codec and key (format in {@link StoreRecords}'s table; golden files
 * {@code golden/store/tracker-*-v1.hex} and {@code -v2.hex}).
 *
 * <p>A tracker's key is its appointment id, {@code RIPEMD160(locator || user_id)}, and its locator is
 * the first 16 bytes of the dispute txid; so neither the id nor the locator is stored, and the
 * decoder checks that the key is the id of the stored user and dispute (a record filed under
 * another key is corruption, not a tracker to resume). The txids are stored although they could be
 * hashed from the transactions: that needs a transaction parser (segwit serialization) in the store,
 * and the record does not promise that they agree, so storing them is what rebuilds an identical
 * {@link Tracker}.
 */
final class TrackerRecords {
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
    static final byte V2 = 2;
    private static final int SPEND_UNKNOWN = 0;
    private static final int SPEND_KNOWN = 1;
    /** Version, user id, slots, the two txids, the dispute-height flag, the status tag, the two tx lengths. */
    private static final int TRACKER_V1_FIXED = 1 + PublicKey.LENGTH + 4 + 2 * Txid.LENGTH + 1 + 1 + 2 * 4;
    /** Version 2's tail: to_self_delay, deadline_warned, the three announced cursors. */
    private static final int TRACKER_V2_TAIL = 4 + 1 + 3 * 8;

    private TrackerRecords() {}

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
     * Tracker record version 2 (version 1 and, after the transactions, {@code to_self_delay},
     * {@code deadline_warned} and the announced cursors; a {@code SpentElsewhere} says whether it knows
     * the other spend, and which). Refuses ({@link IllegalArgumentException}) what it could not read
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
        } else if (status instanceof Tracker.Status.SpentElsewhere se) {
            statusFields = 4 + 1 + (se.spend().isPresent() ? Txid.LENGTH + 4 : 0);
        } else {
            statusFields = 4;
        }
        boolean disputeConfirmed = t.disputeHeight() >= 0;
        ByteBuffer b = ByteBuffer.allocate(TRACKER_V1_FIXED + (disputeConfirmed ? 4 : 0) + statusFields
                + disputeTx.length + penaltyTx.length + TRACKER_V2_TAIL);
        b.put(V2);
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
            if (s.spend().isPresent()) {
                b.put((byte) SPEND_KNOWN);
                b.put(s.spend().get().spendingTxid().internalBytes());
                b.putInt((int) s.spend().get().vout());
            } else {
                b.put((byte) SPEND_UNKNOWN);
            }
        } else {
            // Status is sealed: a new variant needs its own tag here (and a golden file) before it can be stored.
            throw new IllegalArgumentException("no record format for tracker status " + status.getClass().getName());
        }
        b.putInt(disputeTx.length);
        b.put(disputeTx);
        b.putInt(penaltyTx.length);
        b.put(penaltyTx);
        b.putInt((int) t.toSelfDelay());
        b.put((byte) (t.deadlineWarned() ? 1 : 0));
        b.putLong(t.announced().breachSeen());
        b.putLong(t.announced().justiceConfirmed());
        b.putLong(t.announced().justiceFailed());
        return b.array();
    }

    static Tracker decodeTracker(AppointmentId id, byte[] value) {
        String what = "tracker " + id;
        int version = StoreRecords.version(value, what);
        if (version == 1 || version == V2) {
            return tracker(id, value, version, what);
        }
        throw StoreRecords.unknownVersion(what, version);
    }

    /** Versions 1 and 2, which differ only in the {@code SpentElsewhere} status and the tail. */
    private static Tracker tracker(AppointmentId id, byte[] v, int version, String what) {
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        try {
            UserId user = new UserId(new PublicKey(Bytes.of(StoreRecords.take(b, PublicKey.LENGTH, what, "user id"))));
            long slots = StoreRecords.u32(b, what, "slots");
            Txid disputeTxid = Txid.ofInternal(StoreRecords.take(b, Txid.LENGTH, what, "dispute txid"));
            Txid penaltyTxid = Txid.ofInternal(StoreRecords.take(b, Txid.LENGTH, what, "penalty txid"));
            long disputeHeight;
            int flag = StoreRecords.u8(b, what, "dispute height flag");
            if (flag == DISPUTE_AT_HEIGHT) {
                disputeHeight = StoreRecords.u32(b, what, "dispute height");
            } else if (flag == DISPUTE_UNCONFIRMED) {
                disputeHeight = -1;
            } else {
                throw new CorruptRecordException(what + ": unknown dispute height flag " + flag);
            }
            Tracker.Status status;
            int tag = StoreRecords.u8(b, what, "status tag");
            if (tag == STATUS_UNSENT) {
                long since = StoreRecords.u32(b, what, "status since height");
                int answerLength = Short.toUnsignedInt(ByteBuffer.wrap(StoreRecords.take(b, 2, what, "answer length")).getShort());
                if (answerLength > TRACKER_ANSWER_MAX_BYTES) {
                    throw new CorruptRecordException(what + ": answer length " + answerLength
                            + " is over the " + TRACKER_ANSWER_MAX_BYTES + " bytes a writer stores");
                }
                status = new Tracker.Status.Unsent(since, strictUtf8(StoreRecords.take(b, answerLength, what, "answer"), what));
            } else if (tag == STATUS_IN_MEMPOOL) {
                status = new Tracker.Status.InMempool(StoreRecords.u32(b, what, "status since height"), StoreRecords.u32(b, what, "status last sent height"));
            } else if (tag == STATUS_CONFIRMED) {
                status = new Tracker.Status.Confirmed(StoreRecords.u32(b, what, "status height"));
            } else if (tag == STATUS_SPENT_ELSEWHERE) {
                long since = StoreRecords.u32(b, what, "status since height");
                Optional<Tracker.ForeignSpend> spend = Optional.empty();
                if (version == V2) {
                    int known = StoreRecords.u8(b, what, "spend flag");
                    if (known == SPEND_KNOWN) {
                        spend = Optional.of(new Tracker.ForeignSpend(
                                Txid.ofInternal(StoreRecords.take(b, Txid.LENGTH, what, "spending txid")),
                                StoreRecords.u32(b, what, "spent vout")));
                    } else if (known != SPEND_UNKNOWN) {
                        throw new CorruptRecordException(what + ": unknown spend flag " + known);
                    }
                }
                status = new Tracker.Status.SpentElsewhere(since, spend);
            } else {
                throw new CorruptRecordException(what + ": unknown status tag " + tag);
            }
            Bytes disputeTx = Bytes.of(StoreRecords.take(b, StoreRecords.length(b, what, "dispute tx length"), what, "dispute tx"));
            Bytes penaltyTx = Bytes.of(StoreRecords.take(b, StoreRecords.length(b, what, "penalty tx length"), what, "penalty tx"));
            long toSelfDelay = 0;
            boolean warned = false;
            Tracker.Announced announced = Tracker.Announced.NONE;
            if (version == V2) {
                toSelfDelay = StoreRecords.u32(b, what, "to_self_delay");
                int w = StoreRecords.u8(b, what, "deadline warned");
                if (w > 1) {
                    throw new CorruptRecordException(what + ": deadline warned is " + w + ", not 0 or 1");
                }
                warned = w == 1;
                announced = new Tracker.Announced(cursor(b, what, "breach_seen cursor"), cursor(b, what, "justice_confirmed cursor"),
                        cursor(b, what, "justice_failed cursor"));
            }
            if (b.hasRemaining()) {
                throw new CorruptRecordException(what + ": " + b.remaining() + " bytes after the penalty tx");
            }
            Locator locator = disputeTxid.locator();
            if (!AppointmentId.of(locator, user).equals(id)) {
                throw new CorruptRecordException(what + ": the key is not the appointment id of the stored user "
                        + user + " and dispute " + disputeTxid);
            }
            return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status,
                    toSelfDelay, warned, announced);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    private static long cursor(ByteBuffer b, String what, String field) {
        long c = ByteBuffer.wrap(StoreRecords.take(b, 8, what, field)).getLong();
        if (c < 0) {
            throw new CorruptRecordException(what + ": " + field + " " + Long.toUnsignedString(c) + " is beyond the cursors a tower assigns");
        }
        return c;
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
}
