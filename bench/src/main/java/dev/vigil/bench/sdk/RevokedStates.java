package dev.vigil.bench.sdk;

import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.TransactionWitness;

/**
 * Counterparty commitments of one channel, as a wallet would report them: to_local, to_remote,
 * the anchors when the type has them, and {@code htlcs} HTLC outputs (half offered, half received,
 * none trimmed), in BIP69 order with the obscured commitment number (BOLT 3 "Commitment Transaction
 * Construction"). Unsigned: neither the SDK nor the builder looks at the funding witness.
 */
final class RevokedStates {
    /** The commitment feerate the states are reported at: the floor, 253 sat/kw. */
    static final long FEERATE_PER_KW = 253;

    /** One revoked state: the commitment, its secret and the HTLCs it carries. */
    record State(long number, Bytes commitment, PrivateKey secret, List<Htlc> htlcs) {}

    private final String label;
    private final ChannelParameters channel;

    RevokedStates(String label, ChannelType type) {
        this.label = label;
        this.channel = new ChannelParameters(type, new OutPoint(Txid.ofInternal(sha256(label + "/funding")), 0), false, 144,
                basepoints("wallet"), basepoints("counterparty"));
    }

    ChannelParameters channel() {
        return channel;
    }

    /** The secret of the wallet's revocation basepoint: what signs the justice transactions. */
    PrivateKey revocationBasepointSecret() {
        return key("wallet/revocation");
    }

    Bytes sweepScript() {
        return Bolt3Scripts.p2wpkh(Bolt3Keys.publicKey(key("wallet/sweep")));
    }

    State state(long number, int htlcs) {
        PrivateKey secret = key("secret/" + number);
        PublicKey point = Bolt3Keys.perCommitmentPoint(secret);
        ChannelType type = channel.type();
        List<Htlc> inFlight = new ArrayList<>();
        List<Output> outs = new ArrayList<>();
        outs.add(new Output(500_000, Bolt3Scripts.p2wsh(channel.remoteToLocalScript(point))));
        outs.add(new Output(300_000, Bolt3Scripts.toRemoteOutput(type, type == ChannelType.LEGACY
                ? Bolt3Keys.derivePublicKey(channel.local().paymentBasepoint(), point) : channel.local().paymentBasepoint())));
        for (int i = 0; i < htlcs; i++) {
            Htlc h = new Htlc(i % 2 == 0 ? Htlc.Direction.OFFERED : Htlc.Direction.RECEIVED, (20_000 + 1_000L * i) * 1000,
                    Bytes.of(sha256(label + "/preimage/" + number + "/" + i)), 800_000 + i);
            inFlight.add(h);
            outs.add(new Output(h.amountSat(), Bolt3Scripts.p2wsh(Bolt3Scripts.htlc(channel.remoteCommitmentKeys(point), h, type))));
        }
        if (type.hasAnchors()) {
            outs.add(new Output(330, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.remote().fundingPubkey()))));
            outs.add(new Output(330, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.local().fundingPubkey()))));
        }
        outs.sort(Comparator.comparingLong(Output::sat).thenComparing(Output::script));
        long factor = channel.obscuringFactor();
        Transaction tx = new Transaction();
        tx.setVersion(2);
        OutPoint funding = channel.fundingOutpoint();
        tx.addInput(new TransactionInput(tx, new byte[0], new TransactionOutPoint(funding.index(),
                Sha256Hash.wrapReversed(funding.txid().internal().toArray())), CommitmentNumbers.sequence(number, factor), null, TransactionWitness.EMPTY));
        for (Output o : outs) {
            tx.addOutput(new TransactionOutput(tx, Coin.valueOf(o.sat()), o.script().toArray()));
        }
        tx.setLockTime(CommitmentNumbers.lockTime(number, factor)); // after the input: bitcoinj checks its sequence
        return new State(number, Bytes.of(tx.serialize()), secret, List.copyOf(inFlight));
    }

    private record Output(long sat, Bytes script) {}

    private ChannelBasepoints basepoints(String side) {
        return new ChannelBasepoints(Bolt3Keys.publicKey(key(side + "/funding")), Bolt3Keys.publicKey(key(side + "/revocation")),
                Bolt3Keys.publicKey(key(side + "/payment")), Bolt3Keys.publicKey(key(side + "/delayed")),
                Bolt3Keys.publicKey(key(side + "/htlc")));
    }

    private PrivateKey key(String role) {
        return new PrivateKey(Bytes.of(sha256(label + "/" + role)));
    }

    private static byte[] sha256(String s) {
        return Hashes.sha256(s.getBytes(StandardCharsets.UTF_8));
    }
}
