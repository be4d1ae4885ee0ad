package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.SigHash;
import fr.acinq.bitcoin.SigVersion;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The verification is not vacuous: for every input kind (to_local, offered and received HTLC, with
 * and without anchors), a wrong key, the wrong branch, a tampered witness and a wrong amount must all
 * fail bitcoin-kmp at standard flags, while the untouched transaction passes.
 */
class JusticeNegativeTest {
    private static final PrivateKey WRONG_KEY = PrivateKey.fromHex("42".repeat(32));

    /** A justice tx, its parent, and the revocation key that signed it. */
    private record Subject(String name, Transaction tx, Transaction parent, JusticeTx built) {}

    private static List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            if (!c.name().equals("commitment tx with all five HTLCs untrimmed (minimum feerate)")
                    && !c.name().equals("commitment tx with seven outputs untrimmed")) {
                continue;
            }
            JusticeResult r = Bolt3Vectors.builder(c.type())
                    .build(Bolt3Vectors.revoked(c), Sweep.to(Bolt3Vectors.sweepScript(), 1_000));
            JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, r).only();
            subjects.add(new Subject(c.displayName(), Kmp.tx(jt.rawTx()), Kmp.tx(c.commitTx()), jt));
        }
        assertEquals(2, subjects.size());
        return subjects;
    }

    /** A way to spoil input {@code i} of a subject, and the interpreter error it must cause. */
    private record Tampering(String name, String expectedError, BiFunction<Subject, Integer, Runnable> apply) {}

    private static final String NULLFAIL = "Signature must be zero for failed CHECKSIG operation";

    @TestFactory
    List<DynamicTest> everyTamperingFails() {
        List<Tampering> tamperings = List.of(
                new Tampering("wrong key", NULLFAIL, JusticeNegativeTest::wrongKey),
                // to_local: the delayed path's CSV; received HTLC: the timeout path's CLTV; offered
                // HTLC: the 2-of-2 path runs out of stack items.
                new Tampering("wrong branch", "unsatisfied CSV lock time|unsatisfied CLTV lock time|invalid stack operation",
                        JusticeNegativeTest::wrongBranch),
                new Tampering("tampered signature", NULLFAIL, (s, i) -> withItem(s, i, 0, flipByte(item(s, i, 0), 10))),
                new Tampering("tampered witness script", "witness program mismatch",
                        (s, i) -> withItem(s, i, 2, flipByte(item(s, i, 2), 40))),
                new Tampering("non-minimal OP_IF argument", "OP_IF argument must be minimal",
                        (s, i) -> withItem(s, i, 1, new byte[] {2})),
                new Tampering("wrong amount", NULLFAIL, JusticeNegativeTest::wrongAmount));
        List<DynamicTest> tests = new ArrayList<>();
        for (Subject s : subjects()) {
            tests.add(DynamicTest.dynamicTest(s.name() + ": untouched passes",
                    () -> assertDoesNotThrow(() -> Kmp.verify(s.tx(), Kmp.prevouts(s.tx(), s.parent())))));
            for (int i = 0; i < s.tx().txIn.size(); i++) {
                int input = i;
                RevokedOutput.Kind kind = s.built().spends().get(i).kind();
                for (Tampering t : tamperings) {
                    if (t.name().equals("non-minimal OP_IF argument") && kind.isHtlcScript()) {
                        continue; // HTLC inputs have no OP_IF argument: their second item is a pubkey
                    }
                    tests.add(DynamicTest.dynamicTest(s.name() + ": input " + i + " (" + kind + "), " + t.name(), () -> {
                        Runnable verify = t.apply().apply(s, input);
                        RuntimeException e = assertThrows(RuntimeException.class, verify::run);
                        assertTrue(String.valueOf(e.getMessage()).matches(".*(" + t.expectedError() + ").*"),
                                "failed for the wrong reason: " + e);
                    }));
                }
            }
        }
        return tests;
    }

    /** Our signature equals bitcoin-kmp's for the same key and sighash: both are RFC6979. */
    @Test
    void signaturesMatchAnIndependentSigner() {
        PrivateKey revocation = Bolt3Keys.revocationPrivateKey(
                Bolt3Vectors.revocationBasepointSecret(), Bolt3Vectors.perCommitmentSecret());
        for (Subject s : subjects()) {
            for (int i = 0; i < s.tx().txIn.size(); i++) {
                byte[] theirs = kmpSign(s, i, new fr.acinq.bitcoin.PrivateKey(revocation.value().toArray()));
                assertArrayEquals(theirs, item(s, i, 0), s.name() + " input " + i);
            }
        }
    }

    private static Runnable wrongKey(Subject s, int input) {
        byte[] sig = kmpSign(s, input, new fr.acinq.bitcoin.PrivateKey(WRONG_KEY.value().toArray()));
        return withItem(s, input, 0, sig);
    }

    /**
     * to_local: an empty second item selects OP_ELSE (the delayed path). HTLC: another pubkey fails
     * the HASH160 comparison and falls into the counterparty's branches.
     */
    private static Runnable wrongBranch(Subject s, int input) {
        boolean htlc = s.built().spends().get(input).kind().isHtlcScript();
        byte[] other = htlc ? Bolt3Keys.publicKey(WRONG_KEY).compressed().toArray() : new byte[0];
        return withItem(s, input, 1, other);
    }

    private static Runnable wrongAmount(Subject s, int input) {
        Map<OutPoint, TxOut> prevouts = new HashMap<>(Kmp.prevouts(s.tx(), s.parent()));
        OutPoint op = s.tx().txIn.get(input).outPoint;
        TxOut real = prevouts.get(op);
        prevouts.put(op, new TxOut(new Satoshi(real.amount.toLong() + 1), real.publicKeyScript));
        return () -> Kmp.verify(s.tx(), prevouts);
    }

    private static byte[] kmpSign(Subject s, int input, fr.acinq.bitcoin.PrivateKey key) {
        RevokedOutput spent = s.built().spends().get(input);
        return Transaction.Companion.signInput(s.tx(), input, spent.witnessScript().toArray(), SigHash.SIGHASH_ALL,
                new Satoshi(spent.amountSat()), SigVersion.SIGVERSION_WITNESS_V0, key);
    }

    private static byte[] item(Subject s, int input, int item) {
        return s.tx().txIn.get(input).witness.stack.get(item).toByteArray();
    }

    private static Runnable withItem(Subject s, int input, int item, byte[] value) {
        List<ByteVector> stack = new ArrayList<>(s.tx().txIn.get(input).witness.stack);
        stack.set(item, new ByteVector(value));
        Transaction tampered = s.tx().updateWitness(input, new ScriptWitness(stack));
        return () -> Kmp.verify(tampered, Kmp.prevouts(tampered, s.parent()));
    }

    private static byte[] flipByte(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x01;
        return c;
    }
}
