package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Crypto;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.PrivateKey;
import fr.acinq.bitcoin.PublicKey;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.Script;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.SigHash;
import fr.acinq.bitcoin.SigVersion;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The devnet's own wallet: one P2WPKH key that mined blocks pay to, and payments from its matured coinbase
 * outputs to any script (the faucet). Signing uses bitcoin-kmp (BIP143, SIGHASH_ALL, low-S).
 */
public final class Faucet {
    /** Fee rate of faucet payments, in sat/vB (above every default relay floor). */
    public static final long FEE_RATE_SAT_PER_VB = 2;

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final ByteVector script;

    public Faucet(PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.publicKey = key.publicKey();
        this.script = new ByteVector(Script.write(Script.pay2wpkh(publicKey)));
    }

    /** A fixed key, so that a devnet's addresses are the same from run to run. */
    public static Faucet deterministic() {
        return new Faucet(new PrivateKey(Crypto.sha256("vigil devnet faucet".getBytes(StandardCharsets.UTF_8))));
    }

    /** The P2WPKH script coinbase outputs pay to. */
    public ByteVector script() {
        return script;
    }

    public PrivateKey key() {
        return key;
    }

    public String address() {
        return publicKey.p2wpkhAddress(Regtest.CHAIN_HASH);
    }

    /**
     * A signed payment of {@code amountSat} to {@code payTo} from mature faucet coins that no mempool transaction
     * spends, change back to the faucet; empty if the faucet has not enough mature coins.
     */
    public Optional<Transaction> pay(RegtestNode node, ByteVector payTo, long amountSat) {
        int spendHeight = node.height() + 1;
        List<Map.Entry<OutPoint, Coin>> coins = new ArrayList<>(node.utxosPaying(script).entrySet());
        coins.removeIf(e -> node.mempool().spender(e.getKey()).isPresent()
                || e.getValue().coinbase() && spendHeight - e.getValue().height() < Regtest.COINBASE_MATURITY);
        coins.sort(Comparator.comparingInt((Map.Entry<OutPoint, Coin> e) -> e.getValue().height())
                .thenComparing(e -> e.getKey().txid.toString()).thenComparingLong(e -> e.getKey().index));
        List<Map.Entry<OutPoint, Coin>> chosen = new ArrayList<>();
        long total = 0;
        for (Map.Entry<OutPoint, Coin> coin : coins) {
            chosen.add(coin);
            total += coin.getValue().amountSat();
            long fee = FEE_RATE_SAT_PER_VB * estimateVsize(chosen.size());
            if (total >= amountSat + fee) {
                return Optional.of(build(chosen, payTo, amountSat, total - amountSat - fee));
            }
        }
        return Optional.empty();
    }

    private static int estimateVsize(int inputs) {
        // version, counts, locktime, segwit marker; 68 vB per P2WPKH input; two outputs of at most 43 bytes.
        return 11 + 68 * inputs + 2 * 43;
    }

    private Transaction build(List<Map.Entry<OutPoint, Coin>> chosen, ByteVector payTo, long amountSat, long change) {
        List<TxIn> ins = new ArrayList<>();
        for (Map.Entry<OutPoint, Coin> c : chosen) {
            ins.add(new TxIn(c.getKey(), ByteVector.empty, 0xfffffffdL, new ScriptWitness()));
        }
        List<TxOut> outs = new ArrayList<>();
        outs.add(new TxOut(new Satoshi(amountSat), payTo));
        TxOut changeOut = new TxOut(new Satoshi(change), script);
        if (!Policy.isDust(changeOut, Policy.DEFAULT_DUST_RELAY_FEE)) {
            outs.add(changeOut);
        }
        Transaction tx = new Transaction(2, ins, outs, 0);
        byte[] scriptCode = Script.write(Script.pay2pkh(publicKey));
        for (int i = 0; i < chosen.size(); i++) {
            byte[] sig = Transaction.signInput(tx, i, scriptCode, SigHash.SIGHASH_ALL,
                    chosen.get(i).getValue().output().amount, SigVersion.SIGVERSION_WITNESS_V0, key);
            tx = tx.updateWitness(i, Script.witnessPay2wpkh(publicKey, new ByteVector(sig)));
        }
        return tx;
    }
}
