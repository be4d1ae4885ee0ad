package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.ByteVector32;
import fr.acinq.bitcoin.Crypto;
import fr.acinq.bitcoin.MerkleTree;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxHash;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds blocks the way bitcoind's {@code BlockAssembler} (node/miner.cpp) and {@code generateBlocks}
 * (rpc/mining.cpp) do on regtest: a version-2 coinbase whose scriptSig starts with the BIP34 height,
 * nSequence 0xfffffffe and nLockTime height-1, the subsidy plus fees to the chosen script, the BIP141 witness
 * commitment with a zero reserved value, the merkle root, and a nonce search against the regtest target.
 */
public final class BlockAssembler {
    private static final byte[] WITNESS_COMMITMENT_HEADER = {(byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private BlockAssembler() {
    }

    /** {@code CScript() << height}: OP_1..OP_16 for small heights, else a minimal CScriptNum push. */
    static byte[] heightPush(int height) {
        if (height >= 1 && height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        byte[] num = ScriptNum.scriptNum(height);
        byte[] out = new byte[num.length + 1];
        out[0] = (byte) num.length;
        System.arraycopy(num, 0, out, 1, num.length);
        return out;
    }

    /** The coinbase: {@code <height> OP_0} (or {@code <height> <extraNonce>} to keep txids unique across forks). */
    static Transaction coinbase(int height, ByteVector payTo, long valueSat, List<Transaction> others, int extraNonce) {
        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.writeBytes(heightPush(height));
        if (extraNonce == 0) {
            sig.write(0x00);
        } else {
            byte[] num = ScriptNum.scriptNum(extraNonce);
            sig.write(num.length);
            sig.writeBytes(num);
        }
        TxIn in = new TxIn(new OutPoint(new TxHash(ByteVector32.Zeroes), 0xffffffffL), new ByteVector(sig.toByteArray()),
                0xfffffffeL, new ScriptWitness(List.of(ByteVector32.Zeroes)));
        List<TxOut> outs = List.of(new TxOut(new Satoshi(valueSat), payTo),
                new TxOut(new Satoshi(0), new ByteVector(commitmentScript(others))));
        return new Transaction(2, List.of(in), outs, height - 1L);
    }

    /** {@code GenerateCoinbaseCommitment}: OP_RETURN push36 aa21a9ed || SHA256d(witness root || reserved). */
    static byte[] commitmentScript(List<Transaction> nonCoinbase) {
        byte[] commitment = witnessCommitment(nonCoinbase);
        byte[] script = new byte[38];
        script[0] = 0x6a;
        script[1] = 0x24;
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, script, 2, 4);
        System.arraycopy(commitment, 0, script, 6, 32);
        return script;
    }

    /** The witness commitment for a block whose non-coinbase transactions are {@code nonCoinbase}. */
    public static byte[] witnessCommitment(List<Transaction> nonCoinbase) {
        List<ByteVector32> wtxids = new ArrayList<>();
        wtxids.add(ByteVector32.Zeroes);
        for (Transaction tx : nonCoinbase) {
            wtxids.add(new ByteVector32(Crypto.hash256(Transaction.write(tx))));
        }
        byte[] root = MerkleTree.computeRoot(wtxids).toByteArray();
        byte[] data = new byte[64];
        System.arraycopy(root, 0, data, 0, 32);
        return Crypto.hash256(data);
    }

    /** {@code BlockMerkleRoot}: over txids in internal order. */
    public static ByteVector32 merkleRoot(List<Transaction> txs) {
        List<ByteVector32> hashes = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            hashes.add(tx.hash.value);
        }
        return MerkleTree.computeRoot(hashes);
    }

    /** A block on {@code parent} with the given transactions, its header solved for the regtest target. */
    static Block assemble(BlockEntry parent, long time, ByteVector payTo, List<Transaction> txs, long feesSat,
            int extraNonce) {
        int height = parent.height() + 1;
        Transaction coinbase = coinbase(height, payTo, Regtest.subsidy(height) + feesSat, txs, extraNonce);
        List<Transaction> all = new ArrayList<>(txs.size() + 1);
        all.add(coinbase);
        all.addAll(txs);
        ByteVector32 merkle = merkleRoot(all);
        long nonce = 0;
        BlockHeader header = new BlockHeader(Regtest.BLOCK_VERSION, parent.hash(), merkle, time, Regtest.BITS, nonce);
        while (!BlockHeader.checkProofOfWork(header)) {
            nonce++;
            header = header.setNonce(nonce);
        }
        return new Block(header, all);
    }
}
