package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one transaction in the consensus serialization and records where its parts are, so that
 * the txid can be hashed over the non-witness byte ranges in place (version, inputs and outputs,
 * locktime) without assembling a stripped copy.
 *
 * <p>Follows bitcoind's {@code UnserializeTransaction} (src/primitives/transaction.h): an empty
 * input vector followed by a non-zero flag byte is the BIP144 extended format; flag bit 1 means
 * witnesses follow the outputs; a witness section where every input's stack is empty is rejected
 * ("Superfluous witness record"), and so are unknown flag bits ("Unknown transaction optional
 * data"). Reusable: one instance per parse, fields overwritten by each {@link #scan}.
 */
final class TxScanner {
    /** The smallest possible transaction: version, 0 inputs, 0 outputs, locktime. */
    static final int MIN_TX_BYTES = 10;
    private static final int MIN_INPUT_BYTES = 32 + 4 + 1 + 4;
    private static final int MIN_OUTPUT_BYTES = 8 + 1;

    /** Offset of the first byte (version). */
    int start;
    /** The inputs-and-outputs range of the non-witness serialization: [bodyStart, bodyEnd). */
    int bodyStart;
    int bodyEnd;
    /** Offset just past the locktime. */
    int end;
    boolean segwit;

    // Filled only when collecting (a full parse of one transaction).
    private final boolean collect;
    long version;
    long lockTime;
    List<TxInput> inputs;
    List<TxOutput> outputs;

    TxScanner(boolean collect) {
        this.collect = collect;
    }

    void scan(byte[] buf, WireReader r) throws MalformedException {
        start = r.position();
        version = r.u32("tx version");
        int nIn = r.count("input count", MIN_INPUT_BYTES);
        int flags = 0;
        segwit = false;
        bodyStart = start + 4;
        if (nIn == 0) {
            // The extended format: the 0x00 "input count" is the marker; the next byte is the flag.
            // A zero flag means a plain transaction with no inputs and no outputs.
            flags = r.u8("segwit flag");
            if (flags != 0) {
                segwit = true;
                bodyStart = r.position();
                nIn = r.count("input count", MIN_INPUT_BYTES);
                readInputs(buf, r, nIn);
                readOutputs(buf, r, r.count("output count", MIN_OUTPUT_BYTES));
            } else if (collect) {
                inputs = List.of();
                outputs = List.of();
            }
        } else {
            readInputs(buf, r, nIn);
            readOutputs(buf, r, r.count("output count", MIN_OUTPUT_BYTES));
        }
        bodyEnd = r.position();
        if ((flags & 1) != 0) {
            flags ^= 1;
            readWitnesses(buf, r, nIn);
        }
        if (flags != 0) {
            throw new MalformedException("unknown transaction optional data (flag " + flags + ")",
                    bodyStart - 1);
        }
        lockTime = r.u32("locktime");
        end = r.position();
    }

    /** The txid, double SHA-256 over the non-witness serialization, written to {@code out}. */
    void txid(byte[] buf, Sha256d sha, byte[] out, int outOff) {
        if (segwit) {
            sha.update(buf, start, 4);
            sha.update(buf, bodyStart, bodyEnd - bodyStart);
            sha.update(buf, end - 4, 4);
            sha.finish(out, outOff);
        } else {
            sha.hash(buf, start, end - start, out, outOff);
        }
    }

    private void readInputs(byte[] buf, WireReader r, int n) throws MalformedException {
        List<TxInput> list = collect ? new ArrayList<>(n) : null;
        for (int i = 0; i < n; i++) {
            int at = r.position();
            r.skip(36, "outpoint");
            long vout = (buf[at + 32] & 0xffL) | (buf[at + 33] & 0xffL) << 8
                    | (buf[at + 34] & 0xffL) << 16 | (buf[at + 35] & 0xffL) << 24;
            int scriptLen = r.skipVarBytes("scriptSig");
            int scriptEnd = r.position();
            long sequence = r.u32("sequence");
            if (list != null) {
                list.add(new TxInput(new OutPoint(Hash256.ofInternal(buf, at), vout),
                        Bytes.of(buf, scriptEnd - scriptLen, scriptLen), sequence, List.of()));
            }
        }
        if (collect) {
            inputs = list;
        }
    }

    private void readOutputs(byte[] buf, WireReader r, int n) throws MalformedException {
        List<TxOutput> list = collect ? new ArrayList<>(n) : null;
        for (int i = 0; i < n; i++) {
            long value = r.i64("output value");
            int len = r.skipVarBytes("scriptPubKey");
            if (list != null) {
                list.add(new TxOutput(value, Bytes.of(buf, r.position() - len, len)));
            }
        }
        if (collect) {
            outputs = list;
        }
    }

    private void readWitnesses(byte[] buf, WireReader r, int nIn) throws MalformedException {
        int witnessStart = r.position();
        boolean any = false;
        for (int i = 0; i < nIn; i++) {
            int items = r.count("witness item count", 1);
            any |= items > 0;
            List<Bytes> stack = collect ? new ArrayList<>(items) : null;
            for (int k = 0; k < items; k++) {
                int len = r.skipVarBytes("witness item");
                if (stack != null) {
                    stack.add(Bytes.of(buf, r.position() - len, len));
                }
            }
            if (stack != null) {
                TxInput in = inputs.get(i);
                inputs.set(i, new TxInput(in.prevout(), in.scriptSig(), in.sequence(), stack));
            }
        }
        if (!any) {
            throw new MalformedException("superfluous witness record (every witness is empty)",
                    witnessStart);
        }
    }
}
