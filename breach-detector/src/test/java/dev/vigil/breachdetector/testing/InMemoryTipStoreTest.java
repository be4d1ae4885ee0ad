package dev.vigil.breachdetector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fake keeps {@link dev.vigil.breachdetector.chain.TipStore}'s contract: load gives the last save. */
class InMemoryTipStoreTest {
    @Test
    void loadGivesTheLastSavedTipAndNothingBeforeTheFirst() {
        InMemoryTipStore store = new InMemoryTipStore();
        assertEquals(Optional.empty(), store.load(), "a first start");
        ChainTip a = new ChainTip(Hash256.fromDisplayHex("11".repeat(32)), 1);
        ChainTip b = new ChainTip(Hash256.fromDisplayHex("22".repeat(32)), 2);
        store.save(a);
        store.save(b);
        assertEquals(Optional.of(b), store.load());
        assertEquals(2, store.saves());
    }
}
