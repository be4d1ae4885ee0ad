package dev.vigil.breachdetector.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionWitness;
import org.junit.jupiter.api.Test;

/**
 * The inputs a block parse records (docs/monitoring.md 4.1): the real blocks of fixtures/blocks/
 * against bitcoinj's reading of the same bytes, and blocks built here for the funding-script
 * shape (BOLT 3 "Funding Transaction Output") and its near misses.
 */
class BlockInputsTest {
    private static final String MAINNET = "fixtures/blocks/mainnet-413567.raw";
    private static final String REGTEST = "fixtures/blocks/regtest-segwit-4000.raw";

    @Test
    void regtestBlockRecordsItsFourThousandP2wpkhInputs() {
        byte[] raw = SharedFiles.bytes(REGTEST);
        Block block = Block.parse(raw).orElseThrow();

        // README: a coinbase plus 4,000 transactions of one P2WPKH input each.
        assertEquals(4000, block.inputCount());
        for (int k = 0; k < block.inputCount(); k++) {
            assertEquals(k + 1, block.inputTransaction(k));
            assertEquals(-1, block.fundingScriptAt(k), "a P2WPKH witness is not a funding script");
        }
        assertSameInputsAsBitcoinj(raw, block);
    }

    @Test
    void mainnetBlockRecordsEveryLegacyInputButTheCoinbase() {
        byte[] raw = SharedFiles.bytes(MAINNET);
        Block block = Block.parse(raw).orElseThrow();

        int expected = 0;
        for (int i = 1; i < block.transactionCount(); i++) {
            expected += block.transaction(i).inputs().size();
        }
        assertEquals(expected, block.inputCount());
        assertTrue(block.inputCount() > block.transactionCount() - 1, "some transactions have several inputs");
        for (int k = 0; k < block.inputCount(); k++) {
            assertEquals(-1, block.fundingScriptAt(k), "pre-segwit: no witness");
        }
        assertSameInputsAsBitcoinj(raw, block);
    }

    @Test
    void prevoutReadersAgreeWithEachOtherAndWithTheFullParse() {
        Block block = Block.parse(SharedFiles.bytes(MAINNET)).orElseThrow();
        byte[] prevout = new byte[Block.PREVOUT_LENGTH + 3];
        for (int k = 0; k < block.inputCount(); k += 7) {
            int tx = block.inputTransaction(k);
            int first = firstInputOf(block, tx);
            TxInput in = block.transaction(tx).inputs().get(k - first);
            byte[] txid = in.prevout().txid().internalOrder().toArray();

            block.copyPrevout(k, prevout, 3);
            assertArrayEquals(txid, Arrays.copyOfRange(prevout, 3, 35));
            assertEquals(in.prevout().index(), ByteBuffer.wrap(prevout, 35, 4)
                    .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
            assertEquals(in.prevout().index(), block.prevoutVout(k));
            assertEquals(ByteBuffer.wrap(txid).getLong(0), block.prevoutKey(k));
            assertEquals(in.prevout(), block.prevout(k));
            assertTrue(block.prevoutTxidEquals(k, txid));
            assertTrue(block.prevoutTxidEquals(k, in.prevout().txid()));
            txid[31] ^= 1;
            assertFalse(block.prevoutTxidEquals(k, txid));
            assertFalse(block.prevoutTxidEquals(k, Hash256.ofInternal(txid, 0)));
        }
    }

    @Test
    void theCoinbaseInputIsLeftOut() {
        Block block = Block.parse(SharedFiles.bytes(MAINNET)).orElseThrow();
        assertTrue(block.transaction(0).isCoinbase());
        assertEquals(1, block.inputTransaction(0), "input 0 is the first input of transaction 1");
        assertEquals(block.transaction(1).inputs().get(0).prevout(), block.prevout(0));
        for (int k = 0; k < block.inputCount(); k++) {
            assertNotEquals(0, block.inputTransaction(k));
            assertNotEquals(0xffffffffL, block.prevoutVout(k), "no null prevout");
        }
        assertThrows(IndexOutOfBoundsException.class, () -> block.inputTransaction(block.inputCount()));
        assertThrows(IndexOutOfBoundsException.class, () -> block.prevoutKey(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> block.fundingScriptAt(block.inputCount()));
    }

    @Test
    void aBlockWithOnlyItsCoinbaseHasNoInputs() {
        Block block = Block.parse(block(coinbase())).orElseThrow();
        assertEquals(1, block.transactionCount());
        assertEquals(0, block.inputCount());
    }

    // ------------------------------------------------------------------ built blocks

    @Test
    void fundingScriptIsFoundOnlyAsTheExactLastWitnessItem() throws Exception {
        byte[] script = fundingScript(0x02, 0x03);
        byte[] other = fundingScript(0x03, 0x03); // for the other inputs: input 0's script occurs once
        byte[] sig1 = filled(72, 0x30);
        byte[] sig2 = filled(71, 0x30);
        byte[] bigPrevTxid = filled(32, 0xf1); // first byte >= 0x80: the key is a negative long
        List<In> ins = new ArrayList<>();
        ins.add(new In(bigPrevTxid, 0xfffffffeL, new byte[0], List.of(new byte[0], sig1, sig2, script)));  // 0: 2-of-2 P2WSH
        ins.add(new In(filled(32, 0x11), 1, new byte[0], List.of(sig1, filled(33, 0x02))));             // 1: P2WPKH
        ins.add(new In(filled(32, 0x12), 2, filled(106, 0x47), List.of()));                              // 2: legacy, no witness
        ins.add(new In(filled(32, 0x13), 3, new byte[0], List.of(new byte[0], sig1, sig2,
                concat(other, new byte[] {0x00}))));                                                     // 3: 72 bytes
        ins.add(new In(filled(32, 0x14), 4, new byte[0], List.of(new byte[0], sig1, sig2, other,
                filled(1, 0x01))));                                                                        // 4: script not last
        // 5..9: 71 bytes, one of the five checked bytes wrong each time (3-of-3 header, 32-byte key, ...).
        int[] positions = {0, 1, 35, 69, 70};
        for (int p : positions) {
            byte[] wrong = other.clone();
            wrong[p] ^= 0x01;
            ins.add(new In(filled(32, 0x20 + p), p, new byte[0], List.of(new byte[0], sig1, sig2, wrong)));
        }
        ins.add(new In(filled(32, 0x30), 10, new byte[0], List.of(other)));                             // 10: the script alone
        byte[] raw = block(coinbase(), tx(ins, true));
        Block block = Block.parse(raw).orElseThrow();

        assertEquals(ins.size(), block.inputCount());
        for (int k = 0; k < ins.size(); k++) {
            assertEquals(1, block.inputTransaction(k));
            assertEquals(ins.get(k).vout(), block.prevoutVout(k));
            assertTrue(block.prevoutTxidEquals(k, ins.get(k).txid()));
        }
        assertEquals(ByteBuffer.wrap(bigPrevTxid).getLong(), block.prevoutKey(0));
        assertTrue(block.prevoutKey(0) < 0);
        assertEquals(0xfffffffeL, block.prevoutVout(0));

        int at = block.fundingScriptAt(0);
        assertTrue(at > 0);
        byte[] copied = new byte[Block.FUNDING_SCRIPT_LENGTH];
        block.copyRaw(at, copied, 0, copied.length);
        assertArrayEquals(script, copied);
        assertEquals(0x47, raw[at - 1] & 0xff, "the item's length prefix sits just before it");
        assertEquals(at, indexOf(raw, script), "the script's only occurrence in the block");
        assertArrayEquals(sha256(script), digest(block, at, Block.FUNDING_SCRIPT_LENGTH));

        assertEquals(-1, block.fundingScriptAt(1), "P2WPKH");
        assertEquals(-1, block.fundingScriptAt(2), "legacy input, empty witness");
        assertEquals(-1, block.fundingScriptAt(3), "72-byte last item");
        assertEquals(-1, block.fundingScriptAt(4), "the script is not the last item");
        for (int i = 0; i < positions.length; i++) {
            assertEquals(-1, block.fundingScriptAt(5 + i), "71 bytes, byte " + positions[i] + " wrong");
        }
        assertTrue(block.fundingScriptAt(10) > 0, "the shape alone decides, not the stack above it");

        // What the hint hashes (docs/monitoring.md 4.2): prevout then script, in place.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        block.digestRaw(md, block.prevoutOffset(0), Block.PREVOUT_LENGTH);
        block.digestRaw(md, at, Block.FUNDING_SCRIPT_LENGTH);
        byte[] prevout = new byte[Block.PREVOUT_LENGTH];
        block.copyPrevout(0, prevout, 0);
        assertArrayEquals(sha256(concat(prevout, script)), md.digest());
        assertArrayEquals(concat(bigPrevTxid, new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff}), prevout);

        assertSameInputsAsBitcoinj(raw, block);
    }

    @Test
    void inputsOfSeveralTransactionsMapToTheirTransactionsWithWitnessesAbsentForSome() {
        byte[] script = fundingScript(0x03, 0x02);
        byte[] sig = filled(72, 0x30);
        byte[] legacy = tx(List.of(
                new In(filled(32, 0x41), 0, concat(new byte[] {0x00, 0x47, 0x30}, script), List.of()),
                new In(filled(32, 0x42), 1, filled(107, 0x48), List.of())), false);
        byte[] mixed = tx(List.of(
                new In(filled(32, 0x51), 0, filled(23, 0x16), List.of()),              // witness absent
                new In(filled(32, 0x52), 1, new byte[0], List.of(new byte[0], sig, sig, script)),
                new In(filled(32, 0x53), 2, filled(50, 0x49), List.of())), true);      // witness absent
        byte[] single = tx(List.of(new In(filled(32, 0x61), 7, new byte[0], List.of(sig, filled(33, 0x03)))), true);
        byte[] raw = block(coinbase(), legacy, mixed, single);
        Block block = Block.parse(raw).orElseThrow();

        assertEquals(6, block.inputCount());
        assertArrayEquals(new int[] {1, 1, 2, 2, 2, 3}, new int[] {block.inputTransaction(0),
                block.inputTransaction(1), block.inputTransaction(2), block.inputTransaction(3),
                block.inputTransaction(4), block.inputTransaction(5)});
        assertEquals(-1, block.fundingScriptAt(0), "the script inside a scriptSig does not count");
        assertEquals(-1, block.fundingScriptAt(1));
        assertEquals(-1, block.fundingScriptAt(2), "no witness for this input");
        int at = block.fundingScriptAt(3);
        assertTrue(at > block.transactionOffset(2) && at < block.transactionOffset(3));
        byte[] copied = new byte[71];
        block.copyRaw(at, copied, 0, 71);
        assertArrayEquals(script, copied);
        assertEquals(-1, block.fundingScriptAt(4), "no witness for this input");
        assertEquals(-1, block.fundingScriptAt(5));
        assertEquals(7, block.prevoutVout(5));
        assertTrue(block.prevoutTxidEquals(4, filled(32, 0x53)));
        assertSameInputsAsBitcoinj(raw, block);

        assertThrows(IndexOutOfBoundsException.class, () -> block.copyRaw(raw.length - 70, copied, 0, 71));
        assertThrows(IndexOutOfBoundsException.class, () -> block.digestRaw(sha(), -1, 10));
        assertThrows(IllegalArgumentException.class, () -> block.prevoutTxidEquals(0, new byte[31]));
    }

    // ------------------------------------------------------------------ helpers

    /** Every recorded input equals bitcoinj's input of the same transaction, in block order. */
    private static void assertSameInputsAsBitcoinj(byte[] raw, Block block) {
        org.bitcoinj.core.Block theirs = org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw));
        List<org.bitcoinj.core.Transaction> txs = theirs.getTransactions();
        int k = 0;
        byte[] prevout = new byte[Block.PREVOUT_LENGTH];
        for (int i = 1; i < txs.size(); i++) {
            for (TransactionInput in : txs.get(i).getInputs()) {
                assertEquals(i, block.inputTransaction(k), "transaction of input " + k);
                byte[] txid = reversed(in.getOutpoint().hash().getBytes());
                block.copyPrevout(k, prevout, 0);
                assertArrayEquals(txid, Arrays.copyOf(prevout, 32), "prevout txid of input " + k);
                assertEquals(in.getOutpoint().index(), block.prevoutVout(k), "vout of input " + k);
                assertEquals(ByteBuffer.wrap(txid).getLong(), block.prevoutKey(k));
                assertTrue(block.prevoutTxidEquals(k, txid));
                TransactionWitness w = in.getWitness();
                int at = block.fundingScriptAt(k);
                if (at >= 0) {
                    byte[] last = w.getPush(w.getPushCount() - 1);
                    byte[] ours = new byte[Block.FUNDING_SCRIPT_LENGTH];
                    block.copyRaw(at, ours, 0, ours.length);
                    assertArrayEquals(last, ours, "funding script of input " + k);
                } else if (w.getPushCount() > 0) {
                    byte[] last = w.getPush(w.getPushCount() - 1);
                    assertFalse(last.length == 71 && (last[0] & 0xff) == 0x52 && last[1] == 0x21
                            && last[35] == 0x21 && (last[69] & 0xff) == 0x52 && (last[70] & 0xff) == 0xae,
                            "input " + k + " has a funding script the parse missed");
                }
                k++;
            }
        }
        assertEquals(k, block.inputCount());
    }

    private static int firstInputOf(Block block, int tx) {
        int k = 0;
        while (block.inputTransaction(k) != tx) {
            k++;
        }
        return k;
    }

    /** BOLT 3 "Funding Transaction Output": {@code 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG}. */
    private static byte[] fundingScript(int prefix1, int prefix2) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(0x52);
        s.write(0x21);
        s.write(prefix1);
        s.writeBytes(filled(32, 0xa1));
        s.write(0x21);
        s.write(prefix2);
        s.writeBytes(filled(32, 0xb2));
        s.write(0x52);
        s.write(0xae);
        byte[] script = s.toByteArray();
        assertEquals(71, script.length);
        return script;
    }

    private record In(byte[] txid, long vout, byte[] scriptSig, List<byte[]> witness) {
    }

    private static byte[] coinbase() {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        u32(t, 2);
        t.write(0x00); // marker
        t.write(0x01); // flag
        compact(t, 1);
        t.writeBytes(new byte[32]);
        u32(t, 0xffffffffL);
        varBytes(t, new byte[] {0x03, 0x67, 0x00, 0x00});
        u32(t, 0xffffffffL);
        compact(t, 1);
        t.writeBytes(new byte[8]);
        varBytes(t, new byte[] {0x51});
        compact(t, 1); // the witness reserved value (BIP141)
        varBytes(t, new byte[32]);
        u32(t, 0);
        return t.toByteArray();
    }

    /** A transaction of these inputs and one output; with {@code segwit}, BIP144 with every witness. */
    private static byte[] tx(List<In> ins, boolean segwit) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        u32(t, 2);
        if (segwit) {
            t.write(0x00);
            t.write(0x01);
        }
        compact(t, ins.size());
        for (In in : ins) {
            t.writeBytes(in.txid());
            u32(t, in.vout());
            varBytes(t, in.scriptSig());
            u32(t, 0xfffffffdL);
        }
        compact(t, 1);
        t.writeBytes(new byte[] {0x10, 0x27, 0, 0, 0, 0, 0, 0});
        varBytes(t, filled(34, 0x00));
        if (segwit) {
            for (In in : ins) {
                compact(t, in.witness().size());
                for (byte[] item : in.witness()) {
                    varBytes(t, item);
                }
            }
        }
        u32(t, 0);
        return t.toByteArray();
    }

    private static byte[] block(byte[]... txs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(Arrays.copyOf(SharedFiles.bytes(REGTEST), BlockHeader.LENGTH));
        compact(b, txs.length);
        for (byte[] tx : txs) {
            b.writeBytes(tx);
        }
        return b.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static void compact(ByteArrayOutputStream out, int n) {
        if (n < 0xfd) {
            out.write(n);
        } else {
            out.write(0xfd);
            out.write(n & 0xff);
            out.write(n >>> 8);
        }
    }

    private static void varBytes(ByteArrayOutputStream out, byte[] b) {
        compact(out, b.length);
        out.writeBytes(b);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        int found = -1;
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                assertEquals(-1, found, "found twice");
                found = i;
            }
        }
        return found;
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        return sha().digest(b);
    }

    private static byte[] digest(Block block, int off, int len) {
        MessageDigest md = sha();
        block.digestRaw(md, off, len);
        return md.digest();
    }
}
