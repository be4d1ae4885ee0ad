package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed block: its header, the byte range of every transaction and every txid, computed in one
 * pass over the raw bytes. Transactions are not materialised: the txid of each is hashed directly
 * over the non-witness byte ranges of the block buffer, and {@link #transaction(int)} parses one
 * in full only when asked (a match).
 *
 * <p>The same pass records every input except the coinbase's (docs/monitoring.md 4.1): input
 * {@code k}, for {@code 0 <= k < inputCount()}, is the k-th input in block order once the first
 * transaction's inputs are left out, and is read through {@link #inputTransaction}, its prevout
 * ({@link #copyPrevout}, {@link #prevoutKey}, {@link #prevoutVout}, {@link #prevoutTxidEquals}) and
 * {@link #fundingScriptAt}, none of which allocates; a funding script is hashed or copied in place
 * with {@link #digestRaw} or {@link #copyRaw}.
 *
 * <p>Immutable and safe to share between threads. Holds the raw block privately: a copy, or the
 * caller's array when it hands that over ({@link #parseTakingOwnership}).
 */
public final class Block {
    /** bitcoind's MAX_BLOCK_SERIALIZED_SIZE (src/consensus/consensus.h); larger input is rejected. */
    public static final int MAX_SERIALIZED_SIZE = 4_000_000;
    /** An input's prevout as serialized: the txid (32 bytes, internal order) and the vout (u32 LE). */
    public static final int PREVOUT_LENGTH = 36;
    /** The BOLT 3 funding output script's length, what {@link #fundingScriptAt} looks for. */
    public static final int FUNDING_SCRIPT_LENGTH = TxScanner.FUNDING_SCRIPT_LENGTH;

    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] raw;
    private final BlockHeader header;
    private final Hash256 hash;
    private final int count;
    /** Transaction i occupies [txStart[i], txStart[i + 1]); txStart[count] is the block's end. */
    private final int[] txStart;
    /** count * 32 bytes: the txids in internal order. */
    private final byte[] txids;
    /** The non-coinbase inputs; the three arrays below hold exactly this many entries. */
    private final int inputCount;
    /** Input k belongs to transaction inputTx[k]. */
    private final int[] inputTx;
    /** Input k's 36-byte prevout starts at raw[prevoutAt[k]]. */
    private final int[] prevoutAt;
    /** Input k's last witness item starts at raw[fundingAt[k]] if it is a funding script, else -1. */
    private final int[] fundingAt;

    private Block(byte[] raw, int count, int[] txStart, byte[] txids, byte[] blockHash,
            TxScanner inputs) {
        this.raw = raw;
        this.header = new BlockHeader(Bytes.of(raw, 0, BlockHeader.LENGTH));
        this.hash = Hash256.ofInternal(blockHash, 0);
        this.count = count;
        this.txStart = txStart;
        this.txids = txids;
        this.inputCount = inputs.recorded;
        this.inputTx = exact(inputs.inputTx, inputCount);
        this.prevoutAt = exact(inputs.prevoutAt, inputCount);
        this.fundingAt = exact(inputs.fundingAt, inputCount);
    }

    /** The first n entries: the scanner's arrays grow by doubling, a block keeps only its inputs. */
    private static int[] exact(int[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    /** Parses a serialized block (a copy is taken). Never throws on bad input. */
    public static ParseResult<Block> parse(byte[] raw) {
        return parseOwned(raw.clone());
    }

    /** Parses a serialized block. Never throws on bad input. */
    public static ParseResult<Block> parse(Bytes raw) {
        return parseOwned(raw.toArray());
    }

    /**
     * Parses a serialized block that the caller hands over: {@code raw} becomes the block's own
     * buffer, without a copy, and the caller must neither change nor hand it to anyone else. For a
     * 4 MB payload that has just been received (a ZMQ {@code rawblock} frame) and that nothing
     * else references. Never throws on bad input.
     */
    public static ParseResult<Block> parseTakingOwnership(byte[] raw) {
        return parseOwned(raw);
    }

    private static ParseResult<Block> parseOwned(byte[] raw) {
        if (raw.length > MAX_SERIALIZED_SIZE) {
            return new ParseResult.Malformed<>("block of " + raw.length + " bytes exceeds "
                    + MAX_SERIALIZED_SIZE, 0);
        }
        WireReader r = new WireReader(raw, 0, raw.length);
        try {
            r.skip(BlockHeader.LENGTH, "block header");
            int n = r.count("transaction count", TxScanner.MIN_TX_BYTES);
            if (n == 0) {
                return new ParseResult.Malformed<>("a block has at least one transaction",
                        BlockHeader.LENGTH);
            }
            int[] starts = new int[n + 1];
            byte[] ids = new byte[n * Hash256.LENGTH];
            Sha256d sha = new Sha256d();
            TxScanner tx = new TxScanner(false);
            // Most blocks have one to three inputs per transaction: one growth at most, usually;
            // never more room than the bytes left could hold inputs.
            tx.expectInputs(Math.min(2 * n, r.remaining() / TxScanner.MIN_INPUT_BYTES));
            for (int i = 0; i < n; i++) {
                starts[i] = r.position();
                // The first transaction is the coinbase (consensus: exactly one, first); its input
                // spends nothing and is not recorded (docs/monitoring.md 4.1).
                tx.scan(raw, r, i == 0 ? -1 : i);
                tx.txid(raw, sha, ids, i * Hash256.LENGTH);
            }
            starts[n] = r.position();
            if (r.remaining() != 0) {
                return new ParseResult.Malformed<>(r.remaining() + " trailing bytes after "
                        + n + " transactions", r.position());
            }
            byte[] blockHash = new byte[32];
            sha.hash(raw, 0, BlockHeader.LENGTH, blockHash, 0);
            return new ParseResult.Ok<>(new Block(raw, n, starts, ids, blockHash, tx));
        } catch (MalformedException e) {
            return e.toResult();
        }
    }

    public BlockHeader header() {
        return header;
    }

    /** The block hash (double SHA-256 of the header), internal order. */
    public Hash256 hash() {
        return hash;
    }

    /** The previous block's hash from the header. */
    public Hash256 prevHash() {
        return header.prevBlockHash();
    }

    /** The serialized size in bytes. */
    public int size() {
        return raw.length;
    }

    public int transactionCount() {
        return count;
    }

    /** The txid of transaction {@code i}, internal order. */
    public Hash256 txid(int i) {
        Objects.checkIndex(i, count);
        return Hash256.ofInternal(txids, i * Hash256.LENGTH);
    }

    /** Copies the txid of transaction {@code i} (32 bytes, internal order) into {@code dest}. */
    public void copyTxid(int i, byte[] dest, int destOffset) {
        Objects.checkIndex(i, count);
        System.arraycopy(txids, i * Hash256.LENGTH, dest, destOffset, Hash256.LENGTH);
    }

    /** Offset of transaction {@code i} within the serialized block. */
    public int transactionOffset(int i) {
        Objects.checkIndex(i, count);
        return txStart[i];
    }

    /** Serialized length of transaction {@code i}, witnesses included. */
    public int transactionLength(int i) {
        Objects.checkIndex(i, count);
        return txStart[i + 1] - txStart[i];
    }

    /** The serialized bytes of transaction {@code i}, as in the block (with witnesses). */
    public Bytes rawTransaction(int i) {
        return Bytes.of(raw, transactionOffset(i), transactionLength(i));
    }

    /** Transaction {@code i} parsed in full (inputs, outputs, witnesses). */
    public Transaction transaction(int i) {
        Objects.checkIndex(i, count);
        ParseResult<Transaction> t = Transaction.parseRange(raw, txStart[i], txStart[i + 1], true);
        if (t instanceof ParseResult.Ok<Transaction> ok) {
            return ok.value();
        }
        throw new IllegalStateException("transaction " + i + " scanned but does not parse: " + t);
    }

    // ------------------------------------------------------------ inputs (docs/monitoring.md 4.1)

    /** The number of inputs in the block, the coinbase's left out. */
    public int inputCount() {
        return inputCount;
    }

    /** The index in the block of the transaction that input {@code k} belongs to (never 0). */
    public int inputTransaction(int k) {
        Objects.checkIndex(k, inputCount);
        return inputTx[k];
    }

    /** The offset in the serialized block of input {@code k}'s 36-byte prevout (for {@link #digestRaw}). */
    public int prevoutOffset(int k) {
        Objects.checkIndex(k, inputCount);
        return prevoutAt[k];
    }

    /**
     * Copies input {@code k}'s prevout, exactly as serialized, into {@code dest} at {@code off}:
     * {@link #PREVOUT_LENGTH} bytes, the txid in internal order then the vout as u32 little-endian.
     */
    public void copyPrevout(int k, byte[] dest, int off) {
        System.arraycopy(raw, prevoutOffset(k), dest, off, PREVOUT_LENGTH);
    }

    /**
     * The first 8 bytes of input {@code k}'s prevout txid, in internal order, read as a big-endian
     * {@code long}: byte 0 of the txid is the most significant. The same reading as
     * {@link LocatorBatch#high} and tower-server's {@code LocatorPrefixIndex.prefixOf}, so an index of
     * 8-byte prefixes of txids holds what this returns (the outpoint index, docs/monitoring.md 4.2).
     */
    public long prevoutKey(int k) {
        return (long) BIG_ENDIAN_LONG.get(raw, prevoutOffset(k));
    }

    /** Input {@code k}'s prevout output index, an unsigned 32-bit value. */
    public long prevoutVout(int k) {
        return Integer.toUnsignedLong((int) LITTLE_ENDIAN_INT.get(raw, prevoutOffset(k) + Hash256.LENGTH));
    }

    /** Whether input {@code k} spends an output of {@code txidInternal} (32 bytes, internal order). */
    public boolean prevoutTxidEquals(int k, byte[] txidInternal) {
        if (txidInternal.length != Hash256.LENGTH) {
            throw new IllegalArgumentException("a txid has 32 bytes, got " + txidInternal.length);
        }
        int at = prevoutOffset(k);
        return Arrays.equals(raw, at, at + Hash256.LENGTH, txidInternal, 0, Hash256.LENGTH);
    }

    /** Whether input {@code k} spends an output of {@code txid}; compares in place, allocates nothing. */
    public boolean prevoutTxidEquals(int k, Hash256 txid) {
        int at = prevoutOffset(k);
        Bytes id = txid.internalOrder();
        for (int i = 0; i < Hash256.LENGTH; i++) {
            if (raw[at + i] != id.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Input {@code k}'s prevout as a value (allocates: for a match, not for the scan). */
    public OutPoint prevout(int k) {
        int at = prevoutOffset(k);
        return new OutPoint(Hash256.ofInternal(raw, at), prevoutVout(k));
    }

    /**
     * The offset in the serialized block of the first byte of input {@code k}'s last witness item
     * if that item is exactly {@link #FUNDING_SCRIPT_LENGTH} bytes and reads
     * {@code 52 21 <33 bytes> 21 <33 bytes> 52 ae} (BOLT 3 "Funding Transaction Output", the 2-of-2
     * witness script a P2WSH funding output is spent with), else -1; -1 for an input without a
     * witness. Only those five bytes are compared, not the keys: an input found here is a candidate
     * that the watch lookup confirms (docs/monitoring.md 4.2).
     */
    public int fundingScriptAt(int k) {
        Objects.checkIndex(k, inputCount);
        return fundingAt[k];
    }

    /** Copies {@code len} bytes of the serialized block from {@code off} into {@code dest}. */
    public void copyRaw(int off, byte[] dest, int destOff, int len) {
        Objects.checkFromIndexSize(off, len, raw.length);
        System.arraycopy(raw, off, dest, destOff, len);
    }

    /**
     * Feeds {@code len} bytes of the serialized block from {@code off} into {@code md}, in place
     * (a funding script and its prevout hashed without a copy, docs/monitoring.md 4.2). The digest
     * is handed the block's own array: it must neither keep nor change it, as the JDK's do not.
     */
    public void digestRaw(MessageDigest md, int off, int len) {
        Objects.checkFromIndexSize(off, len, raw.length);
        md.update(raw, off, len);
    }

    /** The locators of all transactions, in block order. */
    public LocatorBatch locators() {
        return LocatorBatch.fromTxids(txids, count);
    }

    /** All txids packed, {@code 32 * transactionCount()} bytes in internal order (a copy). */
    public byte[] packedTxids() {
        return txids.clone();
    }

    /** The merkle root recomputed from the txids (bitcoind's {@code ComputeMerkleRoot}). */
    public Hash256 computeMerkleRoot() {
        return Hash256.ofInternal(merkle(new boolean[1]), 0);
    }

    /**
     * True if the header commits to exactly these transactions: the merkle root recomputed from the
     * txids matches the header's, and the tree is not mutated, i.e. no level holds two equal hashes
     * side by side. A mutated list (a run of transactions repeated at the end, CVE-2012-2459) has
     * the same root and block hash as the real one; bitcoind rejects it as {@code bad-txns-duplicate}
     * (validation.cpp {@code CheckMerkleRoot}, consensus/merkle.cpp {@code ComputeMerkleRoot}).
     * Witnesses are not covered: the header commits to them only through the coinbase's witness
     * commitment (BIP141), which this does not check.
     */
    public boolean commitsToTransactions() {
        boolean[] mutated = new boolean[1];
        byte[] root = merkle(mutated);
        return !mutated[0] && Hash256.ofInternal(root, 0).equals(header.merkleRoot());
    }

    /** The root's 32 bytes at offset 0; {@code mutated[0]} is set if a level pairs two equal hashes. */
    private byte[] merkle(boolean[] mutated) {
        byte[] level = txids.clone();
        int n = count;
        Sha256d sha = new Sha256d();
        byte[] pair = new byte[64];
        while (n > 1) {
            for (int left = 0; left + 1 < n; left += 2) {
                if (Arrays.equals(level, left * 32, left * 32 + 32, level, left * 32 + 32, left * 32 + 64)) {
                    mutated[0] = true;
                }
            }
            int next = (n + 1) / 2;
            for (int i = 0; i < next; i++) {
                int left = 2 * i;
                int right = Math.min(left + 1, n - 1); // an odd level pairs its last hash with itself
                System.arraycopy(level, left * 32, pair, 0, 32);
                System.arraycopy(level, right * 32, pair, 32, 32);
                sha.hash(pair, 0, 64, level, i * 32);
            }
            n = next;
        }
        return level;
    }

    @Override
    public String toString() {
        return "Block[" + hash.displayHex() + ", " + count + " txs, " + raw.length + " bytes]";
    }
}
