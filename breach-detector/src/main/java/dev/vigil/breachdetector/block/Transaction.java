package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * A fully parsed transaction: what the responder needs to check that a decrypted justice
 * transaction spends an output of the dispute transaction (its inputs' outpoints, the dispute's
 * outputs).
 *
 * @param txid     double SHA-256 of the non-witness serialization (internal order)
 * @param wtxid    double SHA-256 of the full serialization (equals the txid without witnesses)
 * @param version  nVersion as an unsigned 32-bit value
 * @param inputs   the inputs, with their witness stacks
 * @param outputs  the outputs
 * @param lockTime nLockTime, unsigned 32-bit
 * @param raw      the serialization as received (with witnesses if it had them)
 */
public record Transaction(Hash256 txid, Hash256 wtxid, long version, List<TxInput> inputs,
        List<TxOutput> outputs, long lockTime, Bytes raw) {

    public Transaction {
        Objects.requireNonNull(txid, "txid");
        Objects.requireNonNull(wtxid, "wtxid");
        Objects.requireNonNull(raw, "raw");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Parses one serialized transaction (with or without witnesses); trailing bytes are malformed.
     * Never throws on bad input.
     */
    public static ParseResult<Transaction> parse(byte[] raw) {
        byte[] copy = raw.clone();
        return parseRange(copy, 0, copy.length, true);
    }

    /** Parses one serialized transaction held in {@code raw}. */
    public static ParseResult<Transaction> parse(Bytes raw) {
        return parseRange(raw.toArray(), 0, raw.length(), true);
    }

    /**
     * Parses the transaction at [{@code from}, {@code to}) of {@code buf}, which the caller owns
     * and never changes.
     */
    static ParseResult<Transaction> parseRange(byte[] buf, int from, int to, boolean exact) {
        WireReader r = new WireReader(buf, from, to);
        TxScanner s = new TxScanner(true);
        try {
            s.scan(buf, r);
        } catch (MalformedException e) {
            return e.toResult();
        }
        if (exact && r.remaining() != 0) {
            return new ParseResult.Malformed<>(r.remaining() + " trailing bytes after the transaction",
                    r.position());
        }
        Sha256d sha = new Sha256d();
        byte[] ids = new byte[64];
        s.txid(buf, sha, ids, 0);
        sha.hash(buf, s.start, s.end - s.start, ids, 32);
        return new ParseResult.Ok<>(new Transaction(Hash256.ofInternal(ids, 0),
                Hash256.ofInternal(ids, 32), s.version, s.inputs, s.outputs, s.lockTime,
                Bytes.of(buf, s.start, s.end - s.start)));
    }

    /**
     * BIP141 weight: 3 × the size without witness data + the full size. The witness part of a
     * BIP144 serialization is the marker and flag bytes plus, per input, the item count and each
     * item with its length prefix.
     */
    public long weight() {
        if (!hasWitness()) {
            return 4L * raw.length();
        }
        long witnessBytes = 2;
        for (TxInput in : inputs) {
            witnessBytes += compactSizeLength(in.witness().size());
            for (Bytes item : in.witness()) {
                witnessBytes += compactSizeLength(item.length()) + item.length();
            }
        }
        return 3 * (raw.length() - witnessBytes) + raw.length();
    }

    /** The size without witness data (what BIP141 calls the base size). */
    public long baseSize() {
        return (weight() - raw.length()) / 3;
    }

    private static int compactSizeLength(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffff_ffffL ? 5 : 9;
    }

    /** True if any input carries a witness (the transaction was serialized in BIP144 format). */
    public boolean hasWitness() {
        for (TxInput in : inputs) {
            if (!in.witness().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** True if one of the inputs spends {@code outPoint}. */
    public boolean spends(OutPoint outPoint) {
        for (TxInput in : inputs) {
            if (in.prevout().equals(outPoint)) {
                return true;
            }
        }
        return false;
    }

    /** True if this is a coinbase: one input spending the null outpoint. */
    public boolean isCoinbase() {
        if (inputs.size() != 1) {
            return false;
        }
        OutPoint p = inputs.get(0).prevout();
        return p.index() == 0xffffffffL && p.txid().internalOrder().equals(NULL_HASH);
    }

    private static final Bytes NULL_HASH = Bytes.of(new byte[32]);
}
