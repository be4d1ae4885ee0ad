package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Script;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The transaction checks that mempool acceptance and block validation share, as Bitcoin Core splits them:
 * context-free structure ({@code consensus/tx_check.cpp} CheckTransaction), finality and sequence locks and
 * input amounts ({@code consensus/tx_verify.cpp} IsFinalTx, SequenceLocks, CheckTxInputs), and the script
 * interpreter run ({@code validation.cpp} CheckInputScripts). Stateless: every input is an argument.
 */
final class ConsensusChecks {
    private static final long SEQUENCE_FINAL = 0xffffffffL;
    private static final long SEQUENCE_DISABLE_FLAG = 1L << 31;
    private static final long SEQUENCE_TYPE_FLAG = 1L << 22;
    private static final long SEQUENCE_MASK = 0x0000ffffL;

    /** What {@link #checkTxInputs} found: the fee the inputs leave, or why they are refused. */
    sealed interface InputsCheck {
        /** The inputs are mature and cover the outputs; {@code sat} is what is left over. */
        record Fee(long sat) implements InputsCheck {
            public Fee {
                if (sat < 0) {
                    throw new IllegalArgumentException("negative fee " + sat);
                }
            }
        }

        /** Refused with Core's reject reason. */
        record Refused(TxRejection rejection) implements InputsCheck {
            public Refused {
                Objects.requireNonNull(rejection, "rejection");
            }
        }
    }

    private ConsensusChecks() {
    }

    /** {@code CheckTransaction} in consensus/tx_check.cpp. */
    static Optional<String> checkTransaction(Transaction tx) {
        if (tx.txIn.isEmpty()) {
            return Optional.of("bad-txns-vin-empty");
        }
        if (tx.txOut.isEmpty()) {
            return Optional.of("bad-txns-vout-empty");
        }
        if (Txs.strippedSize(tx) * 4L > Regtest.MAX_BLOCK_WEIGHT) {
            return Optional.of("bad-txns-oversize");
        }
        long total = 0;
        for (TxOut out : tx.txOut) {
            long value = out.amount.getSat();
            if (value < 0) {
                return Optional.of("bad-txns-vout-negative");
            }
            if (value > Regtest.MAX_MONEY) {
                return Optional.of("bad-txns-vout-toolarge");
            }
            total += value;
            if (total > Regtest.MAX_MONEY) {
                return Optional.of("bad-txns-txouttotal-toolarge");
            }
        }
        Set<OutPoint> seen = new HashSet<>();
        for (TxIn in : tx.txIn) {
            if (!seen.add(in.outPoint)) {
                return Optional.of("bad-txns-inputs-duplicate");
            }
        }
        if (tx.isCoinbase()) {
            int len = tx.txIn.get(0).signatureScript.size();
            if (len < 2 || len > 100) {
                return Optional.of("bad-cb-length");
            }
        } else {
            for (TxIn in : tx.txIn) {
                if (OutPoint.isNull(in.outPoint)) {
                    return Optional.of("bad-txns-prevout-null");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code IsFinalTx}: final at {@code height} and {@code time} (median-time-past of the previous block). */
    static boolean isFinal(Transaction tx, int height, long time) {
        if (tx.lockTime == 0) {
            return true;
        }
        long cutoff = tx.lockTime < Transaction.LOCKTIME_THRESHOLD ? height : time;
        if (tx.lockTime < cutoff) {
            return true;
        }
        for (TxIn in : tx.txIn) {
            if (in.sequence != SEQUENCE_FINAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * BIP68 ({@code CalculateSequenceLocks} and {@code EvaluateSequenceLocks}) for a transaction in the block
     * after {@code prev}; mempool coins count as confirmed in that block.
     */
    static boolean sequenceLocksSatisfied(Transaction tx, List<Coin> coins, BlockEntry prev) {
        if (tx.version < 2) {
            return true;
        }
        int blockHeight = prev.height() + 1;
        long minHeight = -1;
        long minTime = -1;
        for (int i = 0; i < tx.txIn.size(); i++) {
            long sequence = tx.txIn.get(i).sequence;
            if ((sequence & SEQUENCE_DISABLE_FLAG) != 0) {
                continue;
            }
            int coinHeight = coins.get(i).height() == Coin.MEMPOOL_HEIGHT ? blockHeight : coins.get(i).height();
            if ((sequence & SEQUENCE_TYPE_FLAG) != 0) {
                long coinTime = prev.ancestor(Math.max(coinHeight - 1, 0)).medianTimePast();
                minTime = Math.max(minTime, coinTime + ((sequence & SEQUENCE_MASK) << 9) - 1);
            } else {
                minHeight = Math.max(minHeight, coinHeight + (sequence & SEQUENCE_MASK) - 1);
            }
        }
        return minHeight < blockHeight && minTime < prev.medianTimePast();
    }

    /** {@code Consensus::CheckTxInputs}: maturity and amounts. */
    static InputsCheck checkTxInputs(Transaction tx, List<Coin> coins, int spendHeight) {
        long valueIn = 0;
        for (Coin coin : coins) {
            if (coin.coinbase() && spendHeight - coin.height() < Regtest.COINBASE_MATURITY) {
                return new InputsCheck.Refused(TxRejection.invalid("bad-txns-premature-spend-of-coinbase",
                        "tried to spend coinbase at depth " + (spendHeight - coin.height())));
            }
            valueIn += coin.amountSat();
            if (coin.amountSat() < 0 || coin.amountSat() > Regtest.MAX_MONEY || valueIn > Regtest.MAX_MONEY) {
                return new InputsCheck.Refused(TxRejection.invalid("bad-txns-inputvalues-outofrange"));
            }
        }
        long valueOut = 0;
        for (TxOut out : tx.txOut) {
            valueOut += out.amount.getSat();
        }
        if (valueIn < valueOut) {
            return new InputsCheck.Refused(TxRejection.invalid("bad-txns-in-belowout", String.format(Locale.ROOT,
                    "value in (%s) < value out (%s)", Money.format(valueIn), Money.format(valueOut))));
        }
        return new InputsCheck.Fee(valueIn - valueOut);
    }

    /**
     * {@code CheckInputScripts} with bitcoin-kmp's interpreter: the first failing input gives
     * {@code <prefix> (<ScriptErrorString>)} with Core's debug text naming the input.
     */
    static Optional<TxRejection> checkScripts(Transaction tx, TxId wtxid, List<Coin> coins, int flags,
            String prefix) {
        List<TxOut> prevouts = new ArrayList<>(coins.size());
        for (Coin c : coins) {
            prevouts.add(c.output());
        }
        for (int i = 0; i < tx.txIn.size(); i++) {
            TxIn in = tx.txIn.get(i);
            TxOut prev = prevouts.get(i);
            Optional<String> error = scriptError(tx, i, prev, prevouts, flags);
            if (error.isPresent()) {
                return Optional.of(TxRejection.invalid(prefix + " (" + error.get() + ")",
                        String.format(Locale.ROOT, "input %d of %s (wtxid %s), spending %s:%d", i, tx.txid, wtxid,
                                in.outPoint.txid, in.outPoint.index)));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> scriptError(Transaction tx, int input, TxOut prev, List<TxOut> prevouts,
            int flags) {
        TxIn in = tx.txIn.get(input);
        try {
            Script.Runner runner = new Script.Runner(new Script.Context(tx, input, prev.amount, prevouts), flags);
            if (!runner.verifyScripts(in.signatureScript, prev.publicKeyScript, in.witness)) {
                return Optional.of("Script evaluated without error but finished with a false/empty top stack element");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(ScriptErrors.coreText(e));
        }
    }
}
