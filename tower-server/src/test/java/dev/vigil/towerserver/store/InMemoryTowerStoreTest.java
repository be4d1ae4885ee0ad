package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aStoreThatCannotDiscardAFailedBatchStopsAndSaysSo() throws Exception {
        FaultInjectingTables.Faults faults = new FaultInjectingTables.Faults();
        InMemoryTowerStore s = track(InMemoryTowerStore.create(TowerStore.DEFAULT_MAX_BATCH, faults));
        await(s.putUser(userRecord(user(1), 1)));
        assertFalse(s.stopped().toCompletableFuture().isDone(), "a healthy store has not stopped");
        faults.failRecovery();
        faults.failNextCommits(1);
        assertInstanceOf(CommitFailedException.class, failure(s.putUser(userRecord(user(2), 2))), "the batch itself failed");
        StoreUnavailableException why = s.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(why.getMessage().contains("could not discard"), why.getMessage());
        assertInstanceOf(StoreUnavailableException.class, failure(s.loadUsers()), "every later operation is refused");
    }

    @Test
    void aClosedStoreHasNotStopped() {
        InMemoryTowerStore s = InMemoryTowerStore.create();
        s.close();
        assertFalse(s.stopped().toCompletableFuture().isDone());
    }
}
