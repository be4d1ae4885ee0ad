package dev.vigil.vigilapp.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.SigHash;
import fr.acinq.bitcoin.SigVersion;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxOut;

/**
 * The demo wallet's keys for one channel, and the one signature it gives its counterparty: what a
 * Lightning wallet holds besides the SDK. The wallet is "local" in the SDK's
 * {@link dev.vigil.justicetxbuilder.justice.ChannelParameters}; it did not open the channel.
 *
 * <p>Every key is derived from a fixed label, so the demo's transactions (and its timeline) are the
 * same from run to run; a real wallet derives them from its seed.
 */
public final class DemoWallet {
    private static final String LABEL = "vigil demo wallet/";

    /** The secret the SDK derives the wallet's user key for each tower from. */
    public Bytes walletSecret() {
        return Bytes.of(Hashes.sha256((LABEL + "tower-user").getBytes(UTF_8)));
    }

    /** The basepoints the wallet sent in {@code accept_channel}. */
    public ChannelBasepoints basepoints() {
        return new ChannelBasepoints(Bolt3Keys.publicKey(key("funding")), Bolt3Keys.publicKey(revocationBasepointSecret()),
                Bolt3Keys.publicKey(key("payment")), Bolt3Keys.publicKey(key("delayed")), Bolt3Keys.publicKey(key("htlc")));
    }

    /**
     * The secret of the revocation basepoint: combined with a revoked state's per-commitment secret it
     * signs for the counterparty's revoked outputs. The SDK uses it to sign justice transactions.
     */
    public PrivateKey revocationBasepointSecret() {
        return key("revocation");
    }

    /** Where justice pays: a key of the wallet's own (P2WPKH), not the channel's to_remote key. */
    public Bytes sweepScript() {
        return Bolt3Scripts.p2wpkh(Bolt3Keys.publicKey(key("sweep")));
    }

    /**
     * The wallet's half of the 2-of-2 on a counterparty commitment (BOLT 2 {@code commitment_signed}):
     * BIP143, SIGHASH_ALL, over input 0, which spends the funding output.
     */
    public ByteVector signCounterpartyCommitment(Transaction unsigned, Bytes fundingScript, TxOut fundingOutput) {
        return new ByteVector(Transaction.signInput(unsigned, 0, fundingScript.toArray(), SigHash.SIGHASH_ALL,
                fundingOutput.amount, SigVersion.SIGVERSION_WITNESS_V0, new fr.acinq.bitcoin.PrivateKey(key("funding").value().toArray())));
    }

    private static PrivateKey key(String role) {
        return new PrivateKey(Bytes.of(Hashes.sha256((LABEL + role).getBytes(UTF_8))));
    }
}
