package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.justicetxbuilder.testsupport.TestCommitments;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link JusticeTxBuilder#audit} on commitments built here for every channel type, and on every
 * commitment of BOLT 3 Appendix C and F with its own feerate and dust limit.
 */
class CommitmentAuditTest {
    private static final long FEERATE = 1_000;
    private static final long DUST = 546;
    private static final PrivateKey SECRET = Bolt3Vectors.perCommitmentSecret();
    private static final PrivateKey WRONG_SECRET = PrivateKey.fromHex("07".repeat(32));

    private static Htlc htlc(Htlc.Direction d, long sat, int n) {
        return new Htlc(d, sat * 1000 + 123, Bytes.of(Hashes.sha256(new byte[] {(byte) n})), 700_000 + n);
    }

    /** In flight: an offered and a received HTLC with outputs, and one small enough for every type to trim. */
    private static final Htlc OFFERED = htlc(Htlc.Direction.OFFERED, 5_000, 1);
    private static final Htlc RECEIVED = htlc(Htlc.Direction.RECEIVED, 7_000, 2);
    private static final Htlc TRIMMED = htlc(Htlc.Direction.RECEIVED, 500, 3);

    private static CommitmentAudit audit(ChannelType type, Bytes tx, PrivateKey secret, List<Htlc> htlcs) {
        return Bolt3Vectors.builder(type).audit(new RevokedCommitment(tx, secret, htlcs), FEERATE, DUST);
    }

    @TestFactory
    List<DynamicTest> everyChannelType() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ChannelType type : ChannelType.values()) {
            Bytes tx = TestCommitments.commitment(type, 1_000_000, 2_000_000, List.of(OFFERED, RECEIVED));
            int outputs = Kmp.tx(tx).txOut.size();
            assertEquals(type.hasAnchors() ? 6 : 4, outputs);

            tests.add(DynamicTest.dynamicTest(type + ": HTLCs in flight and one trimmed are consistent", () -> {
                CommitmentAudit.Consistent ok = assertInstanceOf(CommitmentAudit.Consistent.class,
                        audit(type, tx, SECRET, List.of(OFFERED, RECEIVED, TRIMMED)));
                assertTrue(ok.secretConfirmed());
                assertEquals(3, ok.located().outputs().size());
                assertEquals(List.of(TRIMMED), ok.located().absentHtlcs());
                JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, Bolt3Vectors.builder(type)
                        .build(new RevokedCommitment(tx, SECRET, List.of(OFFERED, RECEIVED, TRIMMED)),
                                Sweep.to(Bolt3Vectors.sweepScript(), 253))).only();
                Kmp.verify(jt.rawTx(), tx);
            }));
            tests.add(DynamicTest.dynamicTest(type + ": the wrong secret", () -> {
                CommitmentAudit.SecretMismatch no = assertInstanceOf(CommitmentAudit.SecretMismatch.class,
                        audit(type, tx, WRONG_SECRET, List.of(OFFERED, RECEIVED)));
                assertTrue(no.reason().contains("per-commitment point"), no.reason());
            }));
            tests.add(DynamicTest.dynamicTest(type + ": an HTLC dropped from the list", () -> {
                CommitmentAudit.HtlcMismatch m = assertInstanceOf(CommitmentAudit.HtlcMismatch.class,
                        audit(type, tx, SECRET, List.of(OFFERED, TRIMMED)));
                assertEquals(List.of(indexOfAmount(tx, RECEIVED.amountSat())), m.unexplainedOutputs());
                assertTrue(m.missing().isEmpty() && m.shouldBeTrimmed().isEmpty());
            }));
            tests.add(DynamicTest.dynamicTest(type + ": an untrimmed HTLC of the list has no output", () -> {
                Htlc extra = htlc(Htlc.Direction.OFFERED, 8_000, 4);
                CommitmentAudit.HtlcMismatch m = assertInstanceOf(CommitmentAudit.HtlcMismatch.class,
                        audit(type, tx, SECRET, List.of(OFFERED, RECEIVED, extra, TRIMMED)));
                assertEquals(List.of(extra), m.missing());
                assertTrue(m.unexplainedOutputs().isEmpty() && m.shouldBeTrimmed().isEmpty());
            }));
            tests.add(DynamicTest.dynamicTest(type + ": a dust limit that would have trimmed the HTLCs", () -> {
                CommitmentAudit.HtlcMismatch m = assertInstanceOf(CommitmentAudit.HtlcMismatch.class,
                        Bolt3Vectors.builder(type).audit(new RevokedCommitment(tx, SECRET, List.of(OFFERED, RECEIVED)),
                                FEERATE, 10_000));
                assertEquals(Set.of(OFFERED, RECEIVED), new HashSet<>(m.shouldBeTrimmed()));
            }));
            tests.add(DynamicTest.dynamicTest(type + ": a commitment of another channel", () -> {
                ChannelParameters p = Bolt3Vectors.channel(type);
                ChannelParameters other = new ChannelParameters(p.type(), new OutPoint(p.fundingOutpoint().txid(), 1),
                        p.localIsOpener(), p.remoteToSelfDelay(), p.local(), p.remote());
                assertInstanceOf(NotACommitment.class, new JusticeTxBuilder(other, Bolt3Vectors.revocationBasepointSecret())
                        .audit(new RevokedCommitment(tx, SECRET, List.of(OFFERED, RECEIVED)), FEERATE, DUST));
                assertInstanceOf(NotACommitment.class, audit(type, Bytes.fromHex("00"), SECRET, List.of()));
            }));
            tests.add(DynamicTest.dynamicTest(type + ": the counterparty's balance trimmed", () -> {
                // HTLCs left: the point explains them, the secret is confirmed.
                Bytes withHtlcs = TestCommitments.commitment(type, 0, 2_000_000, List.of(RECEIVED));
                assertTrue(assertInstanceOf(CommitmentAudit.Consistent.class,
                        audit(type, withHtlcs, SECRET, List.of(RECEIVED, TRIMMED))).secretConfirmed());
                // Only the wallet's output (and its anchor) left: nothing but LEGACY's to_remote
                // depends on the point, so only LEGACY can tell a wrong secret.
                Bytes walletOnly = TestCommitments.commitment(type, 0, 2_000_000, List.of());
                CommitmentAudit.Consistent right = assertInstanceOf(CommitmentAudit.Consistent.class,
                        audit(type, walletOnly, SECRET, List.of(TRIMMED)));
                assertEquals(type == ChannelType.LEGACY, right.secretConfirmed());
                assertTrue(right.located().outputs().isEmpty());
                CommitmentAudit wrong = audit(type, walletOnly, WRONG_SECRET, List.of(TRIMMED));
                if (type == ChannelType.LEGACY) {
                    assertInstanceOf(CommitmentAudit.SecretMismatch.class, wrong);
                } else {
                    assertFalse(assertInstanceOf(CommitmentAudit.Consistent.class, wrong).secretConfirmed());
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("negative feerate or dust limit", () -> assertThrows(IllegalArgumentException.class,
                () -> Bolt3Vectors.builder(ChannelType.ANCHORS).audit(new RevokedCommitment(
                        TestCommitments.commitment(ChannelType.ANCHORS, 1_000, 0, List.of()), SECRET, List.of()), -1, DUST))));
        return tests;
    }

    private static int indexOfAmount(Bytes tx, long sat) {
        var outs = Kmp.tx(tx).txOut;
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).amount.toLong() == sat) {
                return i;
            }
        }
        throw new AssertionError("no output of " + sat + " sat");
    }

    /** Appendix C (dust limit 546) and F (each case's own): every commitment audits as consistent. */
    @TestFactory
    List<DynamicTest> everyVectorCommitmentIsConsistent() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> {
                List<Htlc> htlcs = htlcsOf(c);
                long dust = c.json().has("dust_limit_satoshis") ? c.json().get("dust_limit_satoshis").asLong()
                        : Bolt3Vectors.COMMON.get("local_dust_limit_satoshi").asLong();
                CommitmentAudit a = Bolt3Vectors.builder(c.type())
                        .audit(new RevokedCommitment(c.commitTx(), SECRET, htlcs), c.feeratePerKw(), dust);
                CommitmentAudit.Consistent ok = assertInstanceOf(CommitmentAudit.Consistent.class, a, String.valueOf(a));
                boolean atStake = false;
                for (JsonNode o : c.json().get("outputs_decoded")) {
                    String kind = o.get("kind").asText();
                    atStake |= kind.equals("to_local") || kind.startsWith("htlc_");
                }
                assertEquals(atStake, ok.secretConfirmed());
                assertEquals(htlcs.size(), ok.located().outputs().stream().filter(o -> o.htlc().isPresent()).count()
                        + ok.located().absentHtlcs().size());
            }));
        }
        assertEquals(25, tests.size());
        // One sat/kw above the largest feerate that keeps HTLC #0: BOLT 3 would have trimmed it.
        Bolt3Vectors.Case max = Bolt3Vectors.allCases().stream()
                .filter(c -> c.name().equals("commitment tx with seven outputs untrimmed (maximum feerate)")).findFirst().orElseThrow();
        tests.add(DynamicTest.dynamicTest("the feerate above a trimming boundary", () -> {
            CommitmentAudit.HtlcMismatch m = assertInstanceOf(CommitmentAudit.HtlcMismatch.class, Bolt3Vectors.builder(max.type())
                    .audit(new RevokedCommitment(max.commitTx(), SECRET, htlcsOf(max)), max.feeratePerKw() + 1, 546));
            assertEquals(List.of(Bolt3Vectors.htlc(0)), m.shouldBeTrimmed());
        }));
        return tests;
    }

    /** The HTLCs of a vector's state: none, #1, #5 and #6 for the same-preimage case, else #0-#4. */
    private static List<Htlc> htlcsOf(Bolt3Vectors.Case c) {
        List<Htlc> all = Bolt3Vectors.htlcs();
        boolean none = c.name().equals("simple commitment tx with no HTLCs")
                || (c.json().has("use_test_htlcs") && !c.json().get("use_test_htlcs").asBoolean());
        if (none) {
            return List.of();
        }
        if (c.name().contains("same amount and preimage")) {
            return List.of(all.get(1), all.get(5), all.get(6));
        }
        return all.subList(0, 5);
    }
}
