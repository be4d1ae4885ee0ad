package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.ScriptFlags;
import java.math.BigInteger;

/**
 * Regtest consensus parameters, as in Bitcoin Core's {@code kernel/chainparams.cpp} (CRegTestParams) and
 * {@code consensus/consensus.h}: segwit, BIP34/65/66/CSV and taproot active from the first block.
 */
public final class Regtest {
    /** The regtest genesis block, byte for byte bitcoind's (hash 0f9188f1…2206). */
    public static final Block GENESIS = Block.RegtestGenesisBlock;
    /** The chain hash used for address encoding (bcrt1…). */
    public static final BlockHash CHAIN_HASH = GENESIS.hash;
    /** powLimit compact form; regtest never retargets ({@code fPowNoRetargeting}). */
    public static final long BITS = 0x207fffffL;
    public static final long COIN = 100_000_000L;
    public static final long MAX_MONEY = 21_000_000L * COIN;
    /** {@code COINBASE_MATURITY} in consensus.h. */
    public static final int COINBASE_MATURITY = 100;
    /** {@code nSubsidyHalvingInterval} for regtest. */
    public static final int HALVING_INTERVAL = 150;
    /** {@code MAX_BLOCK_WEIGHT} in consensus.h. */
    public static final int MAX_BLOCK_WEIGHT = 4_000_000;
    /** Version bits top bits, as {@code BlockAssembler} sets them when nothing signals. */
    public static final long BLOCK_VERSION = 0x20000000L;
    /** The flags blocks are checked with ({@code GetBlockScriptFlags} once every soft fork is active). */
    public static final int BLOCK_SCRIPT_FLAGS = ScriptFlags.SCRIPT_VERIFY_P2SH | ScriptFlags.SCRIPT_VERIFY_DERSIG
            | ScriptFlags.SCRIPT_VERIFY_NULLDUMMY | ScriptFlags.SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY
            | ScriptFlags.SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | ScriptFlags.SCRIPT_VERIFY_WITNESS
            | ScriptFlags.SCRIPT_VERIFY_TAPROOT;
    /** The flags the mempool checks with ({@code policy/policy.h} STANDARD_SCRIPT_VERIFY_FLAGS). */
    public static final int STANDARD_SCRIPT_FLAGS = ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS;

    private Regtest() {
    }

    /** {@code GetBlockSubsidy} in validation.cpp: 50 BTC halving every 150 blocks on regtest. */
    public static long subsidy(int height) {
        int halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : (50 * COIN) >> halvings;
    }

    /** The 256-bit target of a compact {@code nBits} ({@code arith_uint256::SetCompact}). */
    public static BigInteger target(long bits) {
        int size = (int) (bits >>> 24);
        BigInteger mantissa = BigInteger.valueOf(bits & 0x007fffffL);
        return size <= 3 ? mantissa.shiftRight(8 * (3 - size)) : mantissa.shiftLeft(8 * (size - 3));
    }

    /** {@code GetBlockProof} in chain.cpp: 2^256 / (target + 1); 2 for every regtest block. */
    public static BigInteger work(long bits) {
        return BigInteger.ONE.shiftLeft(256).divide(target(bits).add(BigInteger.ONE));
    }

    /** {@code GetDifficulty} in rpc/blockchain.cpp. */
    public static double difficulty(long bits) {
        int shift = (int) ((bits >>> 24) & 0xff);
        double diff = (double) 0x0000ffff / (double) (bits & 0x00ffffff);
        while (shift < 29) {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29) {
            diff /= 256.0;
            shift--;
        }
        return diff;
    }
}
