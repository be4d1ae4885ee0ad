package dev.vigil.clientsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.RevokedOutput;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.justicetxbuilder.testsupport.TestCommitments;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxOut;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BOLT 3 vector channel (justice-tx-builder's {@link Bolt3Vectors#channel}) as a wallet registers
 * it, and revoked states of it: the wallet is the vectors' "remote" and holds the revocation
 * basepoint secret; the counterparty's commitments come from {@link TestCommitments}.
 */
final class VectorChannel {
    /** The counterparty's {@code dust_limit_satoshis}, as in Appendix C. */
    static final long DUST = 546;
    /** The commitments' {@code feerate_per_kw}. */
    static final long FEERATE = 1_000;
    static final Sweep SWEEP = Sweep.to(Bolt3Vectors.sweepScript(), Sweep.MIN_FEERATE_PER_KW);

    /** HTLCs with outputs at {@link #FEERATE} (offered and received by the counterparty) and one every type trims. */
    static final Htlc OFFERED = htlc(Htlc.Direction.OFFERED, 5_000, 1);
    static final Htlc RECEIVED = htlc(Htlc.Direction.RECEIVED, 7_000, 2);
    static final Htlc TRIMMED = htlc(Htlc.Direction.RECEIVED, 500, 3);

    private VectorChannel() {}

    static Htlc htlc(Htlc.Direction d, long sat, int n) {
        return new Htlc(d, sat * 1000 + 123, Bytes.of(Hashes.sha256(new byte[] {(byte) n})), 700_000 + n);
    }

    static ChannelSpec spec(ChannelType type) {
        return new ChannelSpec(Bolt3Vectors.channel(type), SWEEP, DUST);
    }

    /** The same channel's keys on another funding outpoint: another channel. */
    static ChannelSpec otherSpec(ChannelType type) {
        ChannelParameters p = Bolt3Vectors.channel(type);
        return new ChannelSpec(new ChannelParameters(p.type(), new OutPoint(p.fundingOutpoint().txid(), 1), p.localIsOpener(),
                p.remoteToSelfDelay(), p.local(), p.remote()), SWEEP, DUST);
    }

    static ChannelId id(ChannelType type) {
        return spec(type).id();
    }

    /** The wallet's signer for the vector channel's revocation basepoint. */
    static RevocationSigners signers() {
        return RevocationSigners.of(Bolt3Vectors.revocationBasepointSecret());
    }

    /** One revoked counterparty state: commitment {@code number}, its secret, its HTLCs (trimmed ones included). */
    record State(ChannelType type, long number, PrivateKey secret, Bytes tx, List<Htlc> htlcs) {}

    /** State {@code number} with 1,000,000 sat at stake in to_local, the wallet's 2,000,000 and {@code htlcs}. */
    static State state(ChannelType type, long number, List<Htlc> htlcs) {
        PrivateKey secret = secret(number);
        List<Htlc> outputs = htlcs.stream().filter(h -> !h.equals(TRIMMED)).toList();
        return new State(type, number, secret, TestCommitments.commitment(type, number, secret, 1_000_000, 2_000_000, outputs), htlcs);
    }

    /** The counterparty's per-commitment secret of state {@code number} (42 is the vectors' own). */
    static PrivateKey secret(long number) {
        return number == 42 ? Bolt3Vectors.perCommitmentSecret()
                : new PrivateKey(Bytes.of(Hashes.sha256(("per-commitment secret " + number).getBytes(StandardCharsets.UTF_8))));
    }

    /** Reports {@code s} to {@code c}; what it queued is {@link #verified}. */
    static RevocationResult report(TowerClient c, State s) {
        return verified(c.onRevokedCommitment(id(s.type()), s.tx(), s.secret(), s.htlcs(), FEERATE), s.tx());
    }

    /**
     * Checks, if {@code r} is {@link RevocationResult.Queued}, its justice with bitcoin-kmp at
     * standard flags against {@code commitmentTx}, and each second-stage justice against the
     * second-stage output it names, an output of the transaction whose txid is its dispute txid
     * (the HTLC transaction itself is the counterparty's to sign).
     */
    static RevocationResult verified(RevocationResult r, Bytes commitmentTx) {
        if (r instanceof RevocationResult.Queued q) {
            Kmp.verify(q.justice().rawTx(), commitmentTx);
            for (RevocationResult.SecondStageAppointment a : q.secondStage()) {
                Map<fr.acinq.bitcoin.OutPoint, TxOut> prevouts = new HashMap<>();
                for (RevokedOutput o : a.justice().spends()) {
                    assertEquals(a.secondStageTxid(), o.outpoint().txid(), "it spends the transaction it is the appointment for");
                    prevouts.put(new fr.acinq.bitcoin.OutPoint(new TxId(o.outpoint().txid().toDisplayHex()), o.outpoint().index()),
                            new TxOut(new Satoshi(o.amountSat()), Bolt3Scripts.p2wsh(o.witnessScript()).toArray()));
                }
                Kmp.verify(Kmp.tx(a.justice().rawTx()), prevouts);
            }
        }
        return r;
    }
}
