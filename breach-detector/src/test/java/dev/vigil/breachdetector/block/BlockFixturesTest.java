package dev.vigil.breachdetector.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.nio.ByteBuffer;
import java.util.List;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;
import org.junit.jupiter.api.Test;

/**
 * The two real blocks of fixtures/blocks/, checked against the README's facts and against bitcoinj
 * (an independent parser) on the same bytes.
 */
class BlockFixturesTest {
    private static final String MAINNET = "fixtures/blocks/mainnet-413567.raw";
    private static final String REGTEST = "fixtures/blocks/regtest-segwit-4000.raw";

    @Test
    void mainnetBlockMatchesReadmeAndBitcoinj() {
        byte[] raw = SharedFiles.bytes(MAINNET);
        Block block = Block.parse(raw).orElseThrow();

        assertEquals(1557, block.transactionCount());
        assertEquals("0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069",
                block.hash().displayHex());
        assertEquals(999_887, block.size());
        assertTrue(block.commitsToTransactions(), "merkle root recomputed from the txids");
        assertSameAsBitcoinj(raw, block);
    }

    @Test
    void segwitBlockMatchesReadmeAndBitcoinj() {
        byte[] raw = SharedFiles.bytes(REGTEST);
        Block block = Block.parse(raw).orElseThrow();

        assertEquals(4001, block.transactionCount());
        assertEquals("4e8fc4454a073f3c4d6b137528e354d832b8a4310df59dc3d548475e358a13d6",
                block.hash().displayHex());
        assertTrue(block.commitsToTransactions(), "merkle root over txids, not wtxids");
        assertSameAsBitcoinj(raw, block);

        // Every non-coinbase tx is segwit: its txid must differ from its wtxid.
        for (int i = 1; i < block.transactionCount(); i += 397) {
            Transaction tx = block.transaction(i);
            assertTrue(tx.hasWitness());
            assertNotEquals(tx.txid(), tx.wtxid());
            assertEquals(block.txid(i), tx.txid());
        }
    }

    @Test
    void locatorsAreTheFirstSixteenTxidBytesInWireOrder() {
        Block block = Block.parse(SharedFiles.bytes(REGTEST)).orElseThrow();
        LocatorBatch locators = block.locators();
        assertEquals(block.transactionCount(), locators.count());
        for (int i = 0; i < block.transactionCount(); i += 101) {
            Bytes txid = block.txid(i).internalOrder();
            assertEquals(txid.slice(0, 16), locators.get(i));
            assertEquals(LocatorBatch.locatorOf(block.txid(i)), locators.get(i));
            assertEquals(ByteBuffer.wrap(txid.toArray()).getLong(0), locators.high(i));
            assertEquals(ByteBuffer.wrap(txid.toArray()).getLong(8), locators.low(i));
        }
    }

    @Test
    void rawTransactionsReparseToTheSameTxid() {
        Block block = Block.parse(SharedFiles.bytes(MAINNET)).orElseThrow();
        for (int i = 0; i < block.transactionCount(); i += 50) {
            Transaction tx = Transaction.parse(block.rawTransaction(i)).orElseThrow();
            assertEquals(block.txid(i), tx.txid());
            assertEquals(tx.txid(), tx.wtxid(), "pre-segwit: txid == wtxid");
            assertFalse(tx.hasWitness());
        }
        assertTrue(block.transaction(0).isCoinbase());
        assertFalse(block.transaction(1).isCoinbase());
    }

    /** Every txid, and inputs/outputs of a sample, equal bitcoinj's reading of the same bytes. */
    private static void assertSameAsBitcoinj(byte[] raw, Block block) {
        org.bitcoinj.core.Block theirs = org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw));
        List<org.bitcoinj.core.Transaction> txs = theirs.getTransactions();
        assertEquals(txs.size(), block.transactionCount());
        assertEquals(theirs.getHashAsString(), block.hash().displayHex());
        assertEquals(theirs.getMerkleRoot().toString(), block.header().merkleRoot().displayHex());
        assertEquals(theirs.getPrevBlockHash().toString(), block.prevHash().displayHex());
        for (int i = 0; i < txs.size(); i++) {
            org.bitcoinj.core.Transaction t = txs.get(i);
            assertArrayEquals(t.getTxId().getBytes(), block.txid(i).displayOrder().toArray(),
                    "txid of tx " + i);
            assertEquals(t.getTxId().toString(), block.txid(i).displayHex());
            assertEquals(t.getWeight(), block.transaction(i).weight(), "weight of tx " + i);
        }
        for (int i = 0; i < txs.size(); i += 173) {
            org.bitcoinj.core.Transaction t = txs.get(i);
            Transaction ours = block.transaction(i);
            assertEquals(t.getWTxId().toString(), ours.wtxid().displayHex());
            assertEquals(t.getVersion(), ours.version());
            assertEquals(t.lockTime().rawValue(), ours.lockTime());
            assertEquals(t.getInputs().size(), ours.inputs().size());
            for (int k = 0; k < t.getInputs().size(); k++) {
                TransactionInput in = t.getInputs().get(k);
                TxInput o = ours.inputs().get(k);
                assertEquals(in.getOutpoint().hash().toString(), o.prevout().txid().displayHex());
                assertEquals(in.getOutpoint().index(), o.prevout().index());
                assertEquals(in.getSequenceNumber(), o.sequence());
                assertEquals(in.getWitness().getPushCount(), o.witness().size());
            }
            assertEquals(t.getOutputs().size(), ours.outputs().size());
            for (int k = 0; k < t.getOutputs().size(); k++) {
                TransactionOutput out = t.getOutputs().get(k);
                assertEquals(out.getValue().value, ours.outputs().get(k).value());
                assertArrayEquals(out.getScriptBytes(), ours.outputs().get(k).scriptPubKey().toArray());
            }
        }
    }
}
