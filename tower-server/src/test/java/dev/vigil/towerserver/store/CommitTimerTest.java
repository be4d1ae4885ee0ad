package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store tells its {@link CommitTimer} about each durable group commit, and only those. */
class CommitTimerTest {
    private final InMemoryTowerStore store = InMemoryTowerStore.create();
    private final List<long[]> commits = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachCommitIsTimedOnTheStoreThreadAndReadsAndFailedCommitsAreNot() {
        store.timeCommits((nanos, operations) -> {
            commits.add(new long[] {nanos, operations});
            threads.add(Thread.currentThread().getName());
        });
        store.setCommitDelay(Duration.ofMillis(20)); // a slow disk: the time is the commit's
        store.putUser(userRecord(user(1), 10)).toCompletableFuture().join();
        assertEquals(1, commits.size());
        assertTrue(commits.get(0)[0] >= Duration.ofMillis(20).toNanos(), "took " + commits.get(0)[0] + " ns");
        assertEquals(1, commits.get(0)[1]);
        assertEquals(List.of("vigil-store-memory"), threads);

        store.setCommitDelay(Duration.ZERO);
        store.loadUsers().toCompletableFuture().join(); // a read: nothing to commit
        assertEquals(1, commits.size());

        store.failNextCommits(1);
        assertThrows(CompletionException.class, () -> store.putUser(userRecord(user(2), 10)).toCompletableFuture().join());
        assertEquals(1, commits.size(), "a failed commit is not timed");
        assertEquals(1, store.commitCount());
    }

    @Test
    void aTimerThatThrowsDoesNotFailADurableBatch() {
        store.timeCommits((nanos, operations) -> {
            throw new IllegalStateException("broken timer");
        });
        store.putUser(userRecord(user(1), 10)).toCompletableFuture().join();
        assertEquals(1, store.loadUsers().toCompletableFuture().join().size());
    }
}
