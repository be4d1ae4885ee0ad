package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.ByteVector32;
import fr.acinq.bitcoin.Crypto;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.bitcoinj.crypto.ECKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The signer port: a signer other than the in-memory one gives the same transactions when it gives
 * the same signatures, a valid signature of its own is used as it is, and anything else it answers
 * (or throws) is refused as {@link JusticeResult.SignerFailed} without a transaction.
 */
class RevocationSignerTest {
    private static final Bytes SWEEP_SCRIPT = Bolt3Vectors.sweepScript();
    private static final PrivateKey BASEPOINT_SECRET = Bolt3Vectors.revocationBasepointSecret();
    private static final RevocationSigner IN_MEMORY = RevocationSigner.of(BASEPOINT_SECRET);
    private static final BigInteger N = PrivateKey.CURVE_ORDER;

    /** Answers with {@code answer(perCommitmentSecret, sighash)} and counts its calls. */
    private static final class ScriptedSigner implements RevocationSigner {
        final AtomicInteger calls = new AtomicInteger();
        private final BiFunction<PrivateKey, Bytes, Bytes> answer;

        ScriptedSigner(BiFunction<PrivateKey, Bytes, Bytes> answer) {
            this.answer = answer;
        }

        @Override
        public PublicKey revocationBasepoint() {
            return IN_MEMORY.revocationBasepoint();
        }

        @Override
        public Bytes sign(PrivateKey perCommitmentSecret, Bytes sighash) {
            calls.incrementAndGet();
            return answer.apply(perCommitmentSecret, sighash);
        }
    }

    private static Bolt3Vectors.Case vectorCase(String file, String name) {
        return Bolt3Vectors.allCases().stream()
                .filter(c -> c.file().equals(file) && c.name().equals(name)).findFirst().orElseThrow();
    }

    private static final Bolt3Vectors.Case FIVE_HTLCS =
            vectorCase("appendix C", "commitment tx with all five HTLCs untrimmed (minimum feerate)");
    private static final Bolt3Vectors.Case SEVEN_OUTPUTS_ANCHORS =
            vectorCase("appendix F", "commitment tx with seven outputs untrimmed");

    @Test
    void aSignerThatAnswersAsTheInMemoryOneGivesIdenticalTransactions() {
        Sweep base = Sweep.to(SWEEP_SCRIPT, 253);
        List<Sweep> rungs = List.of(base, base.withFeerate(2_500), base.withFeerate(10_000));
        int transactions = 0;
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            ScriptedSigner counting = new ScriptedSigner(IN_MEMORY::sign);
            JusticeTxBuilder viaPort = new JusticeTxBuilder(Bolt3Vectors.channel(c.type()), counting);
            JusticeTxBuilder inMemory = Bolt3Vectors.builder(c.type());
            RevokedCommitment revoked = Bolt3Vectors.revoked(c);

            List<JusticeResult> expected = inMemory.feeLadder(revoked, rungs);
            assertEquals(expected, viaPort.feeLadder(revoked, rungs), c.displayName());
            int inputs = 0;
            for (JusticeResult r : expected) {
                if (r instanceof JusticeResult.Built built) {
                    for (JusticeTx jt : built.transactions()) {
                        Kmp.verify(jt.rawTx(), c.commitTx());
                        inputs += jt.spends().size();
                        transactions++;
                    }
                }
            }
            assertEquals(inputs, counting.calls.get(), "one call per signed input: " + c.displayName());
            if (!c.type().hasAnchors()) {
                assertEquals(inMemory.secondStageJustice(revoked, c.feeratePerKw(), base),
                        viaPort.secondStageJustice(revoked, c.feeratePerKw(), base), c.displayName());
            }
        }
        assertTrue(transactions > 50, "the comparison covered " + transactions + " transactions");
    }

    /** Any valid signature will do: a random-nonce signer's transactions verify and pay the same fee. */
    @Test
    void aValidSignatureOfTheSignersOwnIsUsedAsItIs() {
        ScriptedSigner randomNonces = new ScriptedSigner((secret, sighash) ->
                randomNonceSignature(Bolt3Keys.revocationPrivateKey(BASEPOINT_SECRET, secret), sighash));
        Sweep sweep = Sweep.to(SWEEP_SCRIPT, 1_000);
        JusticeTx theirs = assertInstanceOf(JusticeResult.Built.class,
                new JusticeTxBuilder(Bolt3Vectors.channel(ChannelType.ANCHORS), randomNonces)
                        .build(Bolt3Vectors.revoked(SEVEN_OUTPUTS_ANCHORS), sweep)).only();
        JusticeTx ours = assertInstanceOf(JusticeResult.Built.class,
                Bolt3Vectors.builder(ChannelType.ANCHORS).build(Bolt3Vectors.revoked(SEVEN_OUTPUTS_ANCHORS), sweep)).only();
        Kmp.verify(theirs.rawTx(), SEVEN_OUTPUTS_ANCHORS.commitTx());
        assertNotEquals(ours.rawTx(), theirs.rawTx(), "other nonces, other signatures");
        assertEquals(ours.txid(), theirs.txid(), "a segwit txid does not cover the witnesses");
        assertEquals(ours.feeSat(), theirs.feeSat());
        assertEquals(ours.spends(), theirs.spends());
        assertTrue(theirs.weight() <= theirs.estimatedWeight());
        assertEquals(ours.spends().size(), randomNonces.calls.get());
    }

    @Test
    void theInMemorySignerIsRfc6979WithTheBolt3RevocationKey() {
        PrivateKey perCommitmentSecret = Bolt3Vectors.perCommitmentSecret();
        PrivateKey revocationKey = PrivateKey.fromHex(Bolt3Vectors.KEYS.get("revocation_privkey_computed").asText());
        assertEquals(Bolt3Keys.revocationPrivateKey(BASEPOINT_SECRET, perCommitmentSecret), revocationKey);
        assertEquals(Bolt3Vectors.point("remote_revocation_basepoint"), IN_MEMORY.revocationBasepoint());
        for (int i = 0; i < 8; i++) {
            Bytes digest = Bytes.of(Hashes.sha256(new byte[] {(byte) i}));
            Bytes ours = IN_MEMORY.sign(perCommitmentSecret, digest);
            assertEquals(kmpSignature(revocationKey, digest), ours, "digest " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> IN_MEMORY.sign(perCommitmentSecret, Bytes.fromHex("00")));
    }

    /** bitcoin-kmp's RFC6979 signature (compact r || s), DER-encoded: the independent reference. */
    private static Bytes kmpSignature(PrivateKey key, Bytes digest) {
        byte[] compact = Crypto.sign(new ByteVector32(digest.toArray()),
                new fr.acinq.bitcoin.PrivateKey(key.value().toArray())).toByteArray();
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(compact, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(compact, 32, 64));
        return Bytes.of(new ECKey.ECDSASignature(r, s).encodeToDER());
    }

    /** A wrong answer, and what the refusal's reason must say about it. */
    private record Garbage(String name, String reasonContains, BiFunction<PrivateKey, Bytes, Bytes> answer) {}

    private static List<Garbage> garbage() {
        return List.of(
                new Garbage("the signature of another digest", "does not verify",
                        (secret, sighash) -> IN_MEMORY.sign(secret, Bytes.of(Hashes.sha256(sighash.toArray())))),
                new Garbage("a signature by the basepoint secret itself", "does not verify",
                        (secret, sighash) -> BitcoinjTransactions.signDigest(BASEPOINT_SECRET, sighash)),
                new Garbage("the right signature with a high S", "high S",
                        (secret, sighash) -> highS(IN_MEMORY.sign(secret, sighash))),
                new Garbage("the right signature with its sighash-type byte", "strict DER",
                        (secret, sighash) -> IN_MEMORY.sign(secret, sighash).concat(Bytes.fromHex("01"))),
                new Garbage("the right signature with a needless zero before R", "DER",
                        (secret, sighash) -> paddedR(IN_MEMORY.sign(secret, sighash))),
                new Garbage("a 64-byte compact signature", "DER",
                        (secret, sighash) -> Bytes.of(new byte[64])),
                new Garbage("nothing", "DER", (secret, sighash) -> Bytes.EMPTY),
                new Garbage("null", "null", (secret, sighash) -> null),
                new Garbage("an exception", "device unplugged", (secret, sighash) -> {
                    throw new IllegalStateException("device unplugged");
                }));
    }

    @TestFactory
    List<DynamicTest> aSignerAnsweringGarbageIsRefused() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Garbage g : garbage()) {
            tests.add(DynamicTest.dynamicTest(g.name(), () -> {
                ScriptedSigner bad = new ScriptedSigner(g.answer());
                JusticeTxBuilder b = new JusticeTxBuilder(Bolt3Vectors.channel(FIVE_HTLCS.type()), bad);
                RevokedCommitment revoked = Bolt3Vectors.revoked(FIVE_HTLCS);
                Sweep base = Sweep.to(SWEEP_SCRIPT, 253);

                JusticeResult.SignerFailed failed = assertInstanceOf(JusticeResult.SignerFailed.class, b.build(revoked, base));
                assertTrue(failed.reason().contains(g.reasonContains()) && failed.reason().contains("input 0"), failed.reason());
                assertEquals(1, bad.calls.get(), "not asked again after its first failure");

                // A ladder is all or nothing.
                List<JusticeResult> ladder = b.feeLadder(revoked, List.of(base, base.withFeerate(1_000), base.withFeerate(5_000)));
                assertEquals(3, ladder.size());
                ladder.forEach(r -> assertInstanceOf(JusticeResult.SignerFailed.class, r));
                assertEquals(2, bad.calls.get());

                SecondStageResult.Predicted second = assertInstanceOf(SecondStageResult.Predicted.class,
                        b.secondStageJustice(revoked, FIVE_HTLCS.feeratePerKw(), base));
                assertEquals(5, second.entries().size());
                second.entries().forEach(e -> assertInstanceOf(JusticeResult.SignerFailed.class, e.justice()));
                assertEquals(3, bad.calls.get());

                Bytes htlcTx = Bytes.fromHex(FIVE_HTLCS.json().get("htlc_txs").get(0).get("expected_tx").asText());
                assertInstanceOf(JusticeResult.SignerFailed.class,
                        b.buildFromSecondStageTx(htlcTx, Bolt3Vectors.perCommitmentSecret(), base));
            }));
        }
        return tests;
    }

    @Test
    void aFailureOnALaterInputLeavesNoPartialTransaction() {
        AtomicInteger n = new AtomicInteger();
        ScriptedSigner flaky = new ScriptedSigner((secret, sighash) -> {
            if (n.incrementAndGet() == 4) {
                throw new IllegalStateException("timed out");
            }
            return IN_MEMORY.sign(secret, sighash);
        });
        JusticeResult r = new JusticeTxBuilder(Bolt3Vectors.channel(ChannelType.ANCHORS), flaky)
                .build(Bolt3Vectors.revoked(SEVEN_OUTPUTS_ANCHORS), Sweep.to(SWEEP_SCRIPT, 253));
        JusticeResult.SignerFailed failed = assertInstanceOf(JusticeResult.SignerFailed.class, r);
        assertTrue(failed.reason().contains("input 3") && failed.reason().contains("timed out"), failed.reason());
        assertEquals(4, flaky.calls.get());
    }

    @Test
    void aSignerForAnotherBasepointIsRefusedAtConstruction() {
        RevocationSigner other = RevocationSigner.of(PrivateKey.fromHex("07".repeat(32)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JusticeTxBuilder(Bolt3Vectors.channel(ChannelType.STATIC_REMOTEKEY), other));
        assertTrue(e.getMessage().contains(other.revocationBasepoint().toHex()), e.getMessage());
        assertThrows(NullPointerException.class,
                () -> new JusticeTxBuilder(Bolt3Vectors.channel(ChannelType.STATIC_REMOTEKEY), (RevocationSigner) null));
        assertThrows(NullPointerException.class,
                () -> new JusticeTxBuilder(Bolt3Vectors.channel(ChannelType.STATIC_REMOTEKEY), (PrivateKey) null));
    }

    private static Bytes highS(Bytes der) {
        ECKey.ECDSASignature sig = decode(der);
        return Bytes.of(new ECKey.ECDSASignature(sig.r, N.subtract(sig.s)).encodeToDER());
    }

    /** The same R and S in BER: R given one more (leading zero) byte than DER allows. */
    private static Bytes paddedR(Bytes der) {
        byte[] d = der.toArray();
        int rLen = d[3];
        byte[] out = new byte[d.length + 1];
        out[0] = 0x30;
        out[1] = (byte) (d[1] + 1);
        out[2] = 0x02;
        out[3] = (byte) (rLen + 1);
        out[4] = 0x00;
        System.arraycopy(d, 4, out, 5, d.length - 4);
        return Bytes.of(out);
    }

    private static ECKey.ECDSASignature decode(Bytes der) {
        try {
            return ECKey.ECDSASignature.decodeFromDER(der.toArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** ECDSA with a random nonce (BouncyCastle), normalised to low S, DER-encoded. */
    private static Bytes randomNonceSignature(PrivateKey key, Bytes digest) {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(
                new ECPrivateKeyParameters(new BigInteger(1, key.value().toArray()), domain), new SecureRandom()));
        BigInteger[] rs = signer.generateSignature(digest.toArray());
        return Bytes.of(new ECKey.ECDSASignature(rs[0], rs[1]).toCanonicalised().encodeToDER());
    }
}
