package dev.vigil.devnet.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.devnet.TestTxs;
import dev.vigil.devnet.TestTxs.Spendable;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed outcomes of the checks RegtestNode delegates to: input amounts and maturity, and replacement. */
class ConsensusAndReplacementChecksTest {
    private static final ByteVector PAY_TO = TestTxs.p2wpkh(TestTxs.key("payee"));
    private static final Spendable FUNDING = new Spendable(new OutPoint(new TxId("11".repeat(32)), 0), 100_000,
            TestTxs.key("funder"));

    private static Transaction paying(long sat) {
        return TestTxs.unsigned(List.of(FUNDING), List.of(TestTxs.out(PAY_TO, sat)), 0xfffffffdL, 0);
    }

    private static Coin coin(int height, boolean coinbase) {
        return new Coin(TestTxs.out(PAY_TO, FUNDING.amountSat()), height, coinbase);
    }

    @Test
    void inputsLeaveAFeeOrSayWhyNot() {
        assertEquals(new ConsensusChecks.InputsCheck.Fee(10_000),
                ConsensusChecks.checkTxInputs(paying(90_000), List.of(coin(1, false)), 2));
        var below = assertInstanceOf(ConsensusChecks.InputsCheck.Refused.class,
                ConsensusChecks.checkTxInputs(paying(110_000), List.of(coin(1, false)), 2));
        assertEquals("bad-txns-in-belowout, value in (0.001) < value out (0.0011)", below.rejection().message());
        var immature = assertInstanceOf(ConsensusChecks.InputsCheck.Refused.class,
                ConsensusChecks.checkTxInputs(paying(90_000), List.of(coin(10, true)), 109));
        assertEquals("bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 99",
                immature.rejection().message());
        assertEquals(new ConsensusChecks.InputsCheck.Fee(10_000),
                ConsensusChecks.checkTxInputs(paying(90_000), List.of(coin(10, true)), 110));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusChecks.InputsCheck.Fee(-1));
    }

    @Test
    void aReplacementEvictsWhatItConflictsWithOnlyIfItPaysForIt() {
        Mempool mempool = new Mempool();
        Transaction original = paying(99_000); // fee 1,000
        int vsize = Txs.vsize(original);
        mempool.add(new MempoolEntry(original, original.txid, Txs.wtxid(original), 1_000, vsize, original.weight(),
                0, 1, mempool.nextSequence()));
        Transaction cheaper = paying(99_500);
        var refused = assertInstanceOf(ReplacementPolicy.Replacement.Refused.class,
                ReplacementPolicy.check(mempool, 100, cheaper, 500, Txs.vsize(cheaper), Set.of(original.txid)));
        assertEquals("insufficient fee, rejecting replacement " + cheaper.txid
                + ", less fees than conflicting txs; 0.000005 < 0.00001", refused.rejection().message());
        Transaction better = paying(97_000);
        assertEquals(new ReplacementPolicy.Replacement.Evicts(Set.of(original.txid)),
                ReplacementPolicy.check(mempool, 100, better, 3_000, Txs.vsize(better), Set.of(original.txid)));
    }
}
