package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTowerStoreTest extends TowerStoreContract {
    @Override
    protected TowerStore newStore(int maxBatch, FaultInjectingTables.Faults faults) {
        return InMemoryTowerStore.create(maxBatch, faults);
    }

    @Test
    void failNextCommitsFailsExactlyThatManyCommits() {
        InMemoryTowerStore s = track(InMemoryTowerStore.create());
        s.failNextCommits(2);
        assertInstanceOf(CommitFailedException.class, failure(s.putUser(userRecord(user(1), 1))));
        assertInstanceOf(CommitFailedException.class, failure(s.putUser(userRecord(user(2), 2))));
        await(s.putUser(userRecord(user(3), 3)));
        assertEquals(List.of(userRecord(user(3), 3)), await(s.loadUsers()));
    }

    @Test
    void aCommitDelayHoldsBackCompletionUntilTheCommit() throws Exception {
        InMemoryTowerStore s = track(InMemoryTowerStore.create());
        s.setCommitDelay(Duration.ofMillis(300));
        long issued = System.nanoTime();
        CompletionStage<Void> put = s.putUser(userRecord(user(1), 1));
        await(put);
        // A lower bound only: a loaded machine can make it later, never earlier.
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - issued);
        assertTrue(waited >= 300, "completed " + waited + " ms after it was issued, before its 300 ms commit");
        s.setCommitDelay(Duration.ZERO);
    }
}
