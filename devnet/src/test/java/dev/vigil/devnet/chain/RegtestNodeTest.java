package dev.vigil.devnet.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.devnet.TestTxs;
import dev.vigil.devnet.TestTxs.Spendable;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.PrivateKey;
import fr.acinq.bitcoin.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegtestNodeTest {
    private final AtomicLong clock = new AtomicLong(1_800_000_000L);
    private final List<ChainEvent> events = new ArrayList<>();
    private final RegtestNode node = new RegtestNode(
            new RegtestNode.Settings(100, 100, Policy.DEFAULT_DUST_RELAY_FEE, clock::get), events::add);
    private final Faucet faucet = Faucet.deterministic();

    private List<BlockEntry> mine(int n) {
        var result = node.mine(n, faucet.script());
        return assertInstanceOf(RegtestNode.MineResult.Mined.class, result).blocks();
    }

    @Test
    void genesisIsBitcoindsRegtestGenesis() {
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", node.tip().displayHash());
        assertEquals(0, node.height());
        assertEquals(2, node.tip().chainWork().intValueExact());
    }

    @Test
    void minedBlocksAreValidBitcoinBlocks() {
        List<BlockEntry> blocks = mine(3);
        BlockEntry prev = blocks.get(0).parent();
        for (BlockEntry e : blocks) {
            Block parsed = Block.read(Block.write(e.block()));
            assertEquals(e.hash(), parsed.hash);
            assertTrue(BlockHeader.checkProofOfWork(parsed.header));
            assertEquals(prev.hash(), parsed.header.hashPreviousBlock);
            assertEquals(prev.height() + 1, e.height());
            assertEquals(BlockAssembler.merkleRoot(parsed.tx), parsed.header.hashMerkleRoot);
            Transaction cb = parsed.tx.get(0);
            assertTrue(cb.isCoinbase());
            assertEquals(5_000_000_000L, cb.txOut.get(0).amount.getSat());
            assertEquals(e.height() - 1L, cb.lockTime);
            // BIP34: the scriptSig starts with the height (OP_1..OP_3 here).
            assertEquals(0x50 + e.height(), cb.txIn.get(0).signatureScript.get(0) & 0xff);
            // BIP141 commitment in the last output, over the (empty) witness tree.
            byte[] commit = cb.txOut.get(1).publicKeyScript.toByteArray();
            assertEquals("6a24aa21a9ed", new ByteVector(Arrays.copyOf(commit, 6)).toHex());
            assertEquals(new ByteVector(BlockAssembler.witnessCommitment(List.of())).toHex(),
                    new ByteVector(Arrays.copyOfRange(commit, 6, 38)).toHex());
            prev = e;
        }
        assertEquals(3, node.height());
    }

    @Test
    void subsidyHalvesEvery150Blocks() {
        assertEquals(5_000_000_000L, Regtest.subsidy(149));
        assertEquals(2_500_000_000L, Regtest.subsidy(150));
        assertEquals(1_250_000_000L, Regtest.subsidy(300));
    }

    @Test
    void coinbaseMaturityIs100() {
        BlockEntry first = mine(1).get(0);
        PrivateKey dest = TestTxs.key("dest");
        Spendable cb = new Spendable(new OutPoint(first.block().tx.get(0), 0), 5_000_000_000L, faucet.key());
        mine(98); // tip 99: the next block is 100, depth 99
        Transaction tx = TestTxs.spend(cb, TestTxs.p2wpkh(dest), 4_999_990_000L, 0xfffffffdL, 0);
        var rejected = assertInstanceOf(AcceptResult.Rejected.class, node.submit(tx));
        assertEquals("bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 99",
                rejected.rejection().message());
        mine(1); // tip 100: next block 101, depth 100
        assertInstanceOf(AcceptResult.Accepted.class, node.submit(tx));
        BlockEntry b = mine(1).get(0);
        assertEquals(2, b.block().tx.size());
        assertTrue(node.confirmed(tx.txid).isPresent());
        assertFalse(node.mempool().contains(tx.txid));
    }

    @Test
    void segwitBlockCommitsToWitnesses() {
        mine(101);
        Transaction pay = faucet.pay(node, TestTxs.p2wpkh(TestTxs.key("x")), 100_000).orElseThrow();
        assertInstanceOf(AcceptResult.Accepted.class, node.submit(pay));
        BlockEntry b = mine(1).get(0);
        byte[] commit = b.block().tx.get(0).txOut.get(1).publicKeyScript.toByteArray();
        assertEquals(new ByteVector(BlockAssembler.witnessCommitment(List.of(pay))).toHex(),
                new ByteVector(Arrays.copyOfRange(commit, 6, 38)).toHex());
        // fees go to the coinbase
        long fee = 5_000_000_000L - pay.txOut.stream().mapToLong(o -> o.amount.getSat()).sum();
        assertEquals(5_000_000_000L + fee, b.block().tx.get(0).txOut.get(0).amount.getSat());
    }
}
