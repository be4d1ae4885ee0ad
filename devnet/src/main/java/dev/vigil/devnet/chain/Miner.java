package dev.vigil.devnet.chain;

import dev.vigil.devnet.chain.RegtestNode.MineResult;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Mining on the tip ({@code node/miner.cpp} with {@code rpc/mining.cpp}'s {@code generatetoaddress} and
 * {@code generateblock}): choose the transactions, assemble with {@link BlockAssembler}, check the block and
 * hand it to {@link ChainState}. Owned by the node's thread.
 */
final class Miner {
    private final ChainState chain;
    private final Mempool mempool;
    private final LongSupplier clockSeconds;

    Miner(ChainState chain, Mempool mempool, LongSupplier clockSeconds) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.mempool = Objects.requireNonNull(mempool, "mempool");
        this.clockSeconds = Objects.requireNonNull(clockSeconds, "clockSeconds");
    }

    /** The time a new block gets: {@code max(MTP(tip) + 1, now)} as {@code UpdateTime} in node/miner.cpp. */
    long nextBlockTime() {
        return Math.max(chain.tip().medianTimePast() + 1, clockSeconds.getAsLong());
    }

    /** {@code generatetoaddress}: {@code count} blocks on the tip, each with every mempool transaction that fits. */
    MineResult mine(int count, ByteVector payTo) {
        List<BlockEntry> mined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Transaction> txs = new ArrayList<>();
            long fees = 0;
            int weight = 4000; // room for the header and coinbase, as BlockAssembler reserves
            for (MempoolEntry entry : mempool.topologicalOrder()) {
                if (weight + entry.weight() > Regtest.MAX_BLOCK_WEIGHT) {
                    break;
                }
                weight += entry.weight();
                txs.add(entry.tx());
                fees += entry.feeSat();
            }
            MineResult result = mineBlock(payTo, txs, fees);
            if (result instanceof MineResult.Mined m) {
                mined.addAll(m.blocks());
            } else {
                return result;
            }
        }
        return new MineResult.Mined(mined);
    }

    /**
     * {@code generateblock}: one block on the tip with exactly {@code txs}, in order, checked by consensus rules
     * only (no relay policy): the way to confirm a transaction the mempool would refuse.
     */
    MineResult mineWith(ByteVector payTo, List<Transaction> txs) {
        Map<OutPoint, Coin> created = new HashMap<>();
        Set<OutPoint> spent = new HashSet<>();
        long fees = 0;
        for (Transaction tx : txs) {
            List<Coin> coins = new ArrayList<>();
            for (TxIn in : tx.txIn) {
                Optional<Coin> c = spent.contains(in.outPoint) ? Optional.empty()
                        : Optional.ofNullable(created.get(in.outPoint)).or(() -> chain.utxo(in.outPoint));
                if (c.isEmpty()) {
                    return new MineResult.Invalid("bad-txns-inputs-missingorspent");
                }
                coins.add(c.get());
                spent.add(in.outPoint);
            }
            long in = coins.stream().mapToLong(Coin::amountSat).sum();
            long out = tx.txOut.stream().mapToLong(o -> o.amount.getSat()).sum();
            fees += Math.max(0, in - out);
            for (int o = 0; o < tx.txOut.size(); o++) {
                created.put(new OutPoint(tx.txid, o), new Coin(tx.txOut.get(o), chain.height() + 1, false));
            }
        }
        return mineBlock(payTo, txs, fees);
    }

    private MineResult mineBlock(ByteVector payTo, List<Transaction> txs, long fees) {
        BlockEntry parent = chain.tip();
        int extraNonce = 0;
        Block block = BlockAssembler.assemble(parent, nextBlockTime(), payTo, txs, fees, extraNonce);
        while (chain.known(block)) {
            // Same height, same script, same transactions on another branch: bitcoind's coinbase would collide
            // too (BIP30); a different extra nonce keeps every coinbase txid unique.
            block = BlockAssembler.assemble(parent, nextBlockTime(), payTo, txs, fees, ++extraNonce);
        }
        Optional<String> invalid = chain.validateBlock(parent, block);
        if (invalid.isPresent()) {
            return new MineResult.Invalid(invalid.get());
        }
        BlockEntry entry = chain.addBlock(block, parent);
        chain.activateBestChain();
        if (!chain.isActive(entry)) {
            return new MineResult.Invalid("bad-block");
        }
        return new MineResult.Mined(List.of(entry));
    }
}
