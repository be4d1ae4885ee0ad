package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builder and the in-memory signer keep the keys derived for the last per-commitment secret
 * (public values) so that one state's audit, build and second stages derive them once. Another
 * secret in between must never be answered from the memo.
 */
class DerivationMemoTest {
    private static final Bolt3Vectors.Case FIVE_HTLCS = Bolt3Vectors.allCases().stream()
            .filter(c -> c.file().equals("appendix C") && c.name().equals("commitment tx with all five HTLCs untrimmed (minimum feerate)")).findFirst().orElseThrow();
    private static final PrivateKey OTHER = PrivateKey.fromHex("07".repeat(32));
    private static final Sweep SWEEP = Sweep.to(Bolt3Vectors.sweepScript(), 253);

    @Test
    void anotherSecretInBetweenIsDerivedAfreshAndTheFirstComesBackTheSame() {
        RevokedCommitment right = Bolt3Vectors.revoked(FIVE_HTLCS);
        RevokedCommitment wrong = new RevokedCommitment(right.commitmentTx(), OTHER, right.htlcs());
        JusticeTxBuilder shared = Bolt3Vectors.builder(FIVE_HTLCS.type());

        JusticeResult first = shared.build(right, SWEEP);
        assertInstanceOf(JusticeResult.NothingToSweep.class, shared.build(wrong, SWEEP), "the other secret's keys match nothing");
        JusticeResult again = shared.build(right, SWEEP);
        assertEquals(first, again);
        assertEquals(Bolt3Vectors.builder(FIVE_HTLCS.type()).build(right, SWEEP), first, "a fresh builder gives the same bytes");
        Kmp.verify(((JusticeResult.Built) first).only().rawTx(), FIVE_HTLCS.commitTx());

        // The public locate takes a point: one that is not the memo's is derived, not confused with it.
        LocateResult byOtherPoint = shared.locate(right.commitmentTx(), Bolt3Keys.perCommitmentPoint(OTHER), right.htlcs());
        assertEquals(List.of(), ((LocateResult.Located) byOtherPoint).outputs());
        LocateResult byPoint = shared.locate(right.commitmentTx(), Bolt3Vectors.commitmentPoint(), right.htlcs());
        assertEquals(1 + 5, ((LocateResult.Located) byPoint).outputs().size());
    }

    @Test
    void theInMemorySignerSignsEachSecretWithItsOwnKey() {
        RevocationSigner signer = RevocationSigner.of(Bolt3Vectors.revocationBasepointSecret());
        Bytes sighash = Bytes.of(Hashes.sha256(new byte[] {1}));
        PrivateKey vector = Bolt3Vectors.perCommitmentSecret();
        Bytes a = signer.sign(vector, sighash);
        Bytes b = signer.sign(OTHER, sighash);
        assertEquals(a, signer.sign(vector, sighash));
        assertEquals(BitcoinjTransactions.signDigest(
                Bolt3Keys.revocationPrivateKey(Bolt3Vectors.revocationBasepointSecret(), OTHER), sighash), b);
        assertEquals(java.util.Optional.empty(), BitcoinjTransactions.checkSignature(b, sighash,
                Bolt3Keys.revocationPublicKey(signer.revocationBasepoint(), Bolt3Keys.perCommitmentPoint(OTHER))));
    }
}
