package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>A block parse also records, in the walk it makes anyway, where every input's prevout is, which
 * transaction it belongs to and whether its last witness item is a BOLT 3 funding script
 * (docs/monitoring.md 4.1): three {@code int} arrays that grow by doubling across the block, never
 * an object per input.
 */
final class TxScanner {
    /** The smallest possible transaction: version, 0 inputs, 0 outputs, locktime. */
    static final int MIN_TX_BYTES = 10;
    /** The smallest possible input: prevout, an empty scriptSig, sequence. */
    static final int MIN_INPUT_BYTES = 32 + 4 + 1 + 4;
    private static final int MIN_OUTPUT_BYTES = 8 + 1;
    /** The length of the BOLT 3 funding output script {@code 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG}. */
    static final int FUNDING_SCRIPT_LENGTH = 71;
    /** Never written: {@link #reserve} replaces it before the first entry. */
    private static final int[] NONE = new int[0];

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

    // Filled only by scan(buf, r, txIndex) with txIndex >= 0 (a block parse): entry k for the k-th
    // recorded input, in block order; the arrays have room for more than `recorded` entries.
    /** Inputs recorded so far. */
    int recorded;
    /** The block's transaction index of each recorded input. */
    int[] inputTx = NONE;
    /** The offset of each recorded input's 36-byte prevout. */
    int[] prevoutAt = NONE;
    /** The offset of each recorded input's last witness item if it is a funding script, else -1. */
    int[] fundingAt = NONE;
    /** The transaction being scanned, or -1 if its inputs are not recorded. */
    private int recordAs = -1;
    /** The entry of the scanned transaction's first input. */
    private int firstRecorded;

    TxScanner(boolean collect) {
        this.collect = collect;
    }

    /** Room for {@code expected} recorded inputs before the first growth. */
    void expectInputs(int expected) {
        int n = Math.max(16, expected);
        inputTx = new int[n];
        prevoutAt = new int[n];
        fundingAt = new int[n];
    }

    /** Scans one transaction without recording its inputs. */
    void scan(byte[] buf, WireReader r) throws MalformedException {
        scan(buf, r, -1);
    }

    /**
     * Scans one transaction; if {@code txIndex >= 0}, its inputs are recorded as belonging to
     * transaction {@code txIndex} of the block.
     */
    void scan(byte[] buf, WireReader r, int txIndex) throws MalformedException {
        recordAs = txIndex;
        firstRecorded = recorded;
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
        if (recordAs >= 0) {
            // n was checked against the bytes left (count), so growth is bounded by the input's size.
            reserve(n);
        }
        for (int i = 0; i < n; i++) {
            int at = r.position();
            r.skip(36, "outpoint");
            if (recordAs >= 0) {
                inputTx[recorded] = recordAs;
                prevoutAt[recorded] = at;
                fundingAt[recorded] = -1;
                recorded++;
            }
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
            int len = -1;
            for (int k = 0; k < items; k++) {
                len = r.skipVarBytes("witness item");
                if (stack != null) {
                    stack.add(Bytes.of(buf, r.position() - len, len));
                }
            }
            if (recordAs >= 0 && len == FUNDING_SCRIPT_LENGTH
                    && isFundingScript(buf, r.position() - FUNDING_SCRIPT_LENGTH)) {
                fundingAt[firstRecorded + i] = r.position() - FUNDING_SCRIPT_LENGTH;
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

    /**
     * Whether the 71 bytes at {@code at} read {@code OP_2 <33 bytes> <33 bytes> OP_2 OP_CHECKMULTISIG}
     * with both pushes of 33 bytes: BOLT 3 "Funding Transaction Output", {@code 52 21 .. 21 .. 52 ae}.
     * The keys themselves are not checked (docs/monitoring.md 4.1: five byte compares).
     */
    static boolean isFundingScript(byte[] buf, int at) {
        return buf[at] == 0x52 && buf[at + 1] == 0x21 && buf[at + 35] == 0x21
                && buf[at + 69] == 0x52 && buf[at + 70] == (byte) 0xae;
    }

    /** Makes room for {@code n} more recorded inputs, at least doubling the arrays when they grow. */
    private void reserve(int n) {
        int need = recorded + n;
        if (need > inputTx.length) {
            int size = Math.max(need, 2 * inputTx.length);
            inputTx = Arrays.copyOf(inputTx, size);
            prevoutAt = Arrays.copyOf(prevoutAt, size);
            fundingAt = Arrays.copyOf(fundingAt, size);
        }
    }
}
