package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * Bitcoin Core's relay policy checks that need no chain state ({@code policy/policy.cpp}), with its reject
 * reasons. Defaults are those of Core 30 (DEFAULT_DUST_RELAY_TX_FEE 3000 sat/kvB, MAX_STANDARD_TX_WEIGHT
 * 400000, TX_MAX_STANDARD_VERSION 3, MIN_STANDARD_TX_NONWITNESS_SIZE 65, MAX_DUST_OUTPUTS_PER_TX 1).
 */
public final class Policy {
    public static final int MAX_STANDARD_TX_WEIGHT = 400_000;
    public static final int MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
    public static final int MAX_STANDARD_SCRIPTSIG_SIZE = 1650;
    public static final int MAX_DUST_OUTPUTS_PER_TX = 1;
    public static final int MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;
    public static final int MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
    public static final int MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;
    public static final int MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE = 80;
    public static final long DEFAULT_DUST_RELAY_FEE = 3000;
    /** Core 30 default for -datacarriersize: the OP_RETURN bytes of all outputs together. */
    public static final int MAX_OP_RETURN_RELAY = 100_000;

    private Policy() {
    }

    /** {@code GetDustThreshold}: what spending this output would cost at the dust relay fee. */
    public static long dustThreshold(TxOut out, long dustRelayFeeSatPerKvB) {
        byte[] script = out.publicKeyScript.toByteArray();
        if (ScriptType.isUnspendable(script)) {
            return 0;
        }
        long size = 8 + BlockEntry.varIntSize(script.length) + script.length;
        if (ScriptType.witnessVersion(script) >= 0) {
            // sum the sizes of the parts of a transaction input with 75% segwit discount applied:
            // 32 + 4 + 1 + 107 / 4 + 4
            size += 32 + 4 + 1 + 107 / 4 + 4;
        } else {
            size += 32 + 4 + 1 + 107 + 4;
        }
        return Money.feeForSize(dustRelayFeeSatPerKvB, size);
    }

    public static boolean isDust(TxOut out, long dustRelayFeeSatPerKvB) {
        return out.amount.getSat() < dustThreshold(out, dustRelayFeeSatPerKvB);
    }

    public static long dustCount(Transaction tx, long dustRelayFeeSatPerKvB) {
        return tx.txOut.stream().filter(o -> isDust(o, dustRelayFeeSatPerKvB)).count();
    }

    /** {@code IsStandardTx}: the reject reason if the transaction is not standard. */
    public static Optional<String> standardTxProblem(Transaction tx, long dustRelayFeeSatPerKvB) {
        if (tx.version < 1 || tx.version > 3) {
            return Optional.of("version");
        }
        if (tx.weight() > MAX_STANDARD_TX_WEIGHT) {
            return Optional.of("tx-size");
        }
        for (TxIn in : tx.txIn) {
            byte[] sig = in.signatureScript.toByteArray();
            if (sig.length > MAX_STANDARD_SCRIPTSIG_SIZE) {
                return Optional.of("scriptsig-size");
            }
            if (!ScriptType.isPushOnly(sig, 0)) {
                return Optional.of("scriptsig-not-pushonly");
            }
        }
        long dataCarrierBytes = 0;
        for (TxOut out : tx.txOut) {
            byte[] script = out.publicKeyScript.toByteArray();
            ScriptType type = ScriptType.of(script);
            if (type == ScriptType.NONSTANDARD) {
                return Optional.of("scriptpubkey");
            }
            if (type == ScriptType.MULTISIG) {
                int[] mn = ScriptType.multisigCounts(script);
                if (mn[1] < 1 || mn[1] > 3 || mn[0] < 1 || mn[0] > mn[1]) {
                    return Optional.of("scriptpubkey");
                }
            }
            if (type == ScriptType.NULL_DATA) {
                dataCarrierBytes += script.length;
            }
        }
        if (dataCarrierBytes > MAX_OP_RETURN_RELAY) {
            return Optional.of("datacarrier");
        }
        if (dustCount(tx, dustRelayFeeSatPerKvB) > MAX_DUST_OUTPUTS_PER_TX) {
            return Optional.of("dust");
        }
        return Optional.empty();
    }

    /** {@code AreInputsStandard}: every spent output has a known template (not nonstandard, not unknown witness). */
    public static boolean inputsStandard(List<Coin> spent) {
        for (Coin c : spent) {
            ScriptType type = ScriptType.of(c.output().publicKeyScript);
            if (type == ScriptType.NONSTANDARD || type == ScriptType.WITNESS_UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** {@code IsWitnessStandard}: P2WSH and tapscript size limits, no annex, no witness on non-witness inputs. */
    public static boolean witnessStandard(Transaction tx, List<Coin> spent) {
        for (int i = 0; i < tx.txIn.size(); i++) {
            TxIn in = tx.txIn.get(i);
            ScriptWitness witness = in.witness;
            if (witness.isNull()) {
                continue;
            }
            byte[] prevScript = spent.get(i).output().publicKeyScript.toByteArray();
            boolean p2sh = false;
            if (ScriptType.of(prevScript) == ScriptType.SCRIPTHASH) {
                byte[] redeem = lastPush(in.signatureScript.toByteArray());
                if (redeem == null) {
                    return false;
                }
                prevScript = redeem;
                p2sh = true;
            }
            int version = ScriptType.witnessVersion(prevScript);
            if (version < 0) {
                return false;
            }
            List<ByteVector> stack = witness.stack;
            if (ScriptType.of(prevScript) == ScriptType.ANCHOR) {
                return false;
            }
            if (version == 0 && prevScript.length == 34) {
                ByteVector script = stack.get(stack.size() - 1);
                if (script.size() > MAX_STANDARD_P2WSH_SCRIPT_SIZE || stack.size() - 1 > MAX_STANDARD_P2WSH_STACK_ITEMS) {
                    return false;
                }
                for (int j = 0; j < stack.size() - 1; j++) {
                    if (stack.get(j).size() > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) {
                        return false;
                    }
                }
            }
            if (version == 1 && prevScript.length == 34 && !p2sh) {
                int n = stack.size();
                if (n >= 2 && !stack.get(n - 1).isEmpty() && (stack.get(n - 1).get(0) & 0xff) == 0x50) {
                    return false; // annex
                }
                if (n >= 2) {
                    ByteVector control = stack.get(n - 1);
                    if (!control.isEmpty() && (control.get(0) & 0xfe) == 0xc0) {
                        for (int j = 0; j < n - 2; j++) {
                            if (stack.get(j).size() > MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE) {
                                return false;
                            }
                        }
                    }
                }
            }
        }
        return true;
    }

    private static byte[] lastPush(byte[] script) {
        try {
            var elements = fr.acinq.bitcoin.Script.parse(script);
            if (elements.isEmpty() || !(elements.get(elements.size() - 1) instanceof fr.acinq.bitcoin.OP_PUSHDATA push)) {
                return null;
            }
            return push.data.toByteArray();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
