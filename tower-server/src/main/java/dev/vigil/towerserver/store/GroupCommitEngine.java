package dev.vigil.towerserver.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's engine: one owner thread that runs tasks against {@link Tables} in batches and
 * commits each batch once (group commit; DESIGN §5, §6; docs/tower-server.md "Threads").
 * {@link TowerStore} maps the ports onto it.
 *
 * <p><b>Threading.</b> Every operation becomes a task in one FIFO queue. The owner thread (named
 * {@code vigil-store} or as given) takes up to {@code maxBatch} tasks, runs them in order against the
 * open transaction, commits once if any of them changed something, and only then completes their
 * stages, on the owner thread. So: a write's stage completes after the commit that makes it durable
 * (a receipt is never sent for data a crash could lose); writes apply in the order they were issued;
 * a read sees every earlier write, including the earlier writes of its own batch (and, like them,
 * fails if that batch's commit fails). A read that runs before any write of its batch saw only
 * committed state, so it completes at once instead of waiting for the batch's commit (a block's
 * appointment lookup does not wait out a commit of unrelated writes). Callers never block: encoding happens on the caller's thread,
 * everything touching the tables on the owner thread. Dependent actions attached to a stage run on
 * the owner thread unless the caller hops off it, so they must not block (Vert.x callers use
 * {@code Future.fromCompletionStage(stage, context)}).
 *
 * <p><b>Failures: one meaning.</b> A stage that completes normally is durable. A stage that fails
 * with {@link CommitFailedException} is not, and never will be: nothing of its batch is in the
 * tables the store goes on with, nor in the file a later open reads (docs/storage.md, "A failed
 * commit"). A task that throws without having changed anything (bad stored record, a failing key
 * generator) fails alone. A task that throws after changing something, or a commit that fails
 * before it is durable, fails every stage of the batch with {@link CommitFailedException}; the store
 * discards the batch's changes ({@link Tables#recover}) and goes on. A commit that becomes durable
 * and then fails (writing the main file) has happened: its stages complete normally, and the tables
 * finish it later. If the store cannot discard a failed batch, or cannot tell whether a
 * commit happened, it stops: that batch's stages and every later operation fail with
 * {@link StoreUnavailableException}, and the batch in flight is durable or not as the next open finds
 * it (callers rebuild their view from the store when it is reopened). After {@link #closeAsync()}
 * queued work is still done and committed; later operations fail at once with
 * {@link StoreUnavailableException} (that failed stage is completed on the caller's thread).
 */
final class GroupCommitEngine {
    /** Opens the tables; runs on the owner thread, the first thing it does. */
    @FunctionalInterface
    interface TablesOpener {
        Tables open() throws Exception;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Tables tables) throws Exception;
    }

    private static final class Task<T> {
        final Work<T> work;
        /** Runs in a batch of its own, after the batch before it is committed ({@link #submitAlone}). */
        final boolean alone;
        /** What the task is, when its failure stops the store ({@link #submitFatal}); null otherwise. */
        String fatal;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Task(Work<T> work, boolean alone) {
            this.work = work;
            this.alone = alone;
        }

        void runOn(Tables tables) throws Exception {
            result = work.run(tables);
        }

        void finish() {
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }

    private final int maxBatch;
    private final Thread owner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    /** Under {@link #lock}: whether new tasks are taken; false once closing or stopped. */
    private boolean accepting = true;
    /** Under {@link #lock}: why tasks are refused. */
    private StoreUnavailableException refusal;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletableFuture<StoreUnavailableException> stopped = new CompletableFuture<>();
    private static final System.Logger LOG = System.getLogger(GroupCommitEngine.class.getName());
    private final AtomicLong commits = new AtomicLong();
    /** Set once while wiring, read on the owner thread: volatile so the owner sees the latest one. */
    private volatile CommitTimer commitTimer = CommitTimer.NONE;

    /** Owner thread only. */
    private Tables tables;

    GroupCommitEngine(String threadName, int maxBatch, TablesOpener opener) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        Objects.requireNonNull(opener, "opener");
        // Not a daemon: the JVM must not exit with a batch half-written; the application closes the
        // store on SIGTERM (no MapDB shutdown hook, DESIGN §6).
        this.owner = new Thread(() -> ownerLoop(opener), threadName);
        this.owner.setDaemon(false);
        this.owner.start();
    }

    /** Completes once the tables are open (on the owner thread), or fails with why they could not be. */
    CompletionStage<Void> opened() {
        return opened.minimalCompletionStage();
    }

    /** Completes, with why, if the store stops refusing every operation; never on a normal close. */
    CompletionStage<StoreUnavailableException> stopped() {
        return stopped.minimalCompletionStage();
    }

    // ------------------------------------------------------------------ lifecycle and statistics

    /**
     * Stops taking operations, finishes and commits every queued one, closes the tables. Completes
     * (on the owner thread) once the store is closed. Idempotent.
     */
    CompletionStage<Void> closeAsync() {
        lock.lock();
        try {
            if (accepting) {
                accepting = false;
                refusal = new StoreUnavailableException("the store is closed");
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
        return closed.minimalCompletionStage();
    }

    /**
     * {@link #closeAsync()}, waiting for it (the application's SIGTERM path). Called from the owner
     * thread itself (a stage's callback) it only starts the close, since waiting there would never end.
     */
    void close() {
        CompletionStage<Void> done = closeAsync();
        if (Thread.currentThread() == owner) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.toCompletableFuture().get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new StoreUnavailableException("closing the store failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Who is told each commit's duration from now on (see {@link CommitTimer}'s contract). */
    void timeCommits(CommitTimer timer) {
        this.commitTimer = Objects.requireNonNull(timer, "timer");
    }

    /** How many commits the store has made (a batch that changed nothing is not committed). */
    long commitCount() {
        return commits.get();
    }

    // ------------------------------------------------------------------ the owner thread

    /** Queues {@code work} for the owner thread; the stage completes as the class comment says. */
    <T> CompletionStage<T> submit(Work<T> work) {
        return enqueue(new Task<>(work, false));
    }

    /**
     * {@link #submit}, but {@code work} runs in a batch of its own: every task issued before it is
     * committed (or discarded) first, and the tasks issued after it wait for it. So it sees the
     * tables with nothing uncommitted: what a backup copies. It must not change the tables.
     */
    <T> CompletionStage<T> submitAlone(Work<T> work) {
        return enqueue(new Task<>(work, true));
    }

    /**
     * {@link #submit}, but if the task fails, or its batch is not committed, the store stops after
     * discarding the batch: the task's stage fails with why ({@link CommitFailedException} when the
     * batch was discarded), {@link #stopped()} completes, and every later operation is refused. For a
     * block's batch: its caller's in-memory state already includes the block, so a failed commit leaves
     * that state ahead of the store, and only a restart, which rebuilds it from the store and replays the
     * block, makes them agree again ({@code what} names the task in the reason).
     */
    <T> CompletionStage<T> submitFatal(String what, Work<T> work) {
        Task<T> task = new Task<>(work, false);
        task.fatal = Objects.requireNonNull(what, "what");
        return enqueue(task);
    }

    private <T> CompletionStage<T> enqueue(Task<T> task) {
        lock.lock();
        try {
            if (!accepting) {
                return CompletableFuture.failedStage(refusal);
            }
            queue.addLast(task);
            if (queue.size() == 1) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
        // A minimal stage: callers cannot complete or obtrude the store's own future.
        return task.future.minimalCompletionStage();
    }

    private void ownerLoop(TablesOpener opener) {
        try {
            tables = opener.open();
        } catch (Throwable e) {
            stop(new StoreUnavailableException("the store could not be opened: " + e.getMessage(), e), false);
            opened.completeExceptionally(e);
            return;
        }
        opened.complete(null);
        List<Task<?>> batch = new ArrayList<>(Math.min(maxBatch, 4096));
        try {
            while (true) {
                boolean last;
                lock.lock();
                try {
                    while (queue.isEmpty() && accepting) {
                        workArrived.awaitUninterruptibly();
                    }
                    while (batch.size() < maxBatch && !queue.isEmpty()
                            && !(queue.peekFirst().alone && !batch.isEmpty())) {
                        Task<?> next = queue.pollFirst();
                        batch.add(next);
                        if (next.alone) {
                            break;
                        }
                    }
                    last = !accepting && queue.isEmpty();
                } finally {
                    lock.unlock();
                }
                if (!batch.isEmpty() && !runBatch(batch)) {
                    return;
                }
                batch.clear();
                if (last) {
                    closeTables();
                    return;
                }
            }
        } catch (Throwable e) {
            // A bug in the loop itself: fail what is pending rather than leave callers waiting forever.
            for (Task<?> t : batch) {
                t.future.completeExceptionally(e);
            }
            stop(new StoreUnavailableException("the store stopped after an internal error: " + e, e), true);
        }
    }

    /** Runs, commits and completes one batch; false if the store had to stop. */
    private boolean runBatch(List<Task<?>> batch) {
        long committedMutations = tables.mutations();
        Throwable batchFailure = null;
        for (Task<?> task : batch) {
            long before = tables.mutations();
            try {
                task.runOn(tables);
                if (tables.mutations() == committedMutations) {
                    task.finish(); // nothing written yet in this batch: it saw committed state only
                }
            } catch (Throwable e) {
                if (tables.mutations() == before) {
                    task.failure = e; // nothing changed: this task fails alone
                } else {
                    batchFailure = e; // a half-done write: the whole batch goes
                    break;
                }
            }
        }
        if (batchFailure == null && tables.mutations() != committedMutations) {
            try {
                long start = System.nanoTime();
                commit();
                long took = System.nanoTime() - start;
                // Outside the commit's failure handling: a timer that throws must not fail a durable batch.
                timed(took, batch.size());
            } catch (Throwable e) {
                batchFailure = e;
            }
        }
        if (batchFailure != null && outcomeUnknown(batchFailure)) {
            StoreUnavailableException why = new StoreUnavailableException("the store stopped: a commit failed and could "
                    + "not be undone, so whether this batch of " + batch.size() + " operations is durable is decided when "
                    + "the store is next opened (" + batchFailure + "); restart the tower", batchFailure);
            for (Task<?> task : batch) {
                task.future.completeExceptionally(why);
            }
            stop(why, true);
            return false;
        }
        if (batchFailure != null) {
            CommitFailedException failed = new CommitFailedException(
                    "a batch of " + batch.size() + " store operations was not committed: " + batchFailure, batchFailure);
            boolean recovered = recover();
            for (Task<?> task : batch) {
                task.future.completeExceptionally(failed);
            }
            return recovered && !stopIfFatal(batch, failed);
        }
        for (Task<?> task : batch) {
            task.finish(); // a no-op for the reads finished ahead of the batch's first write
        }
        return !stopIfFatal(batch, null);
    }

    /**
     * Stops the store if a fatal task ({@link #submitFatal}) of this batch failed, alone or with the
     * batch ({@code batchFailure}); whether it did.
     */
    private boolean stopIfFatal(List<Task<?>> batch, Throwable batchFailure) {
        for (Task<?> task : batch) {
            if (task.fatal != null && (batchFailure != null || task.failure != null)) {
                Throwable why = batchFailure != null ? batchFailure : task.failure;
                stop(new StoreUnavailableException("the store stopped: " + task.fatal + " was not committed (" + why
                        + "), and the tower's state already holds it; restart the tower, which rebuilds its state from"
                        + " the store and replays the block", why), true);
                return true;
            }
        }
        return false;
    }

    private void timed(long nanos, int operations) {
        try {
            commitTimer.committed(nanos, operations);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the commit timer failed: " + e);
        }
    }

    private void commit() throws Exception {
        tables.commit();
        commits.incrementAndGet();
    }

    private static boolean outcomeUnknown(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CommitOutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    private boolean recover() {
        try {
            tables.recover();
            return true;
        } catch (Throwable e) {
            stop(new StoreUnavailableException("the store stopped: it could not discard a failed batch (" + e
                    + "); restart the tower to reopen it from its last commit", e), true);
            return false;
        }
    }

    /** Refuses every later task, fails every queued one, closes what is open, and ends the owner thread. */
    private void stop(StoreUnavailableException why, boolean closeTables) {
        List<Task<?>> pending;
        lock.lock();
        try {
            accepting = false;
            refusal = why;
            pending = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        for (Task<?> t : pending) {
            t.future.completeExceptionally(why);
        }
        stopped.complete(why);
        if (closeTables && tables != null) {
            try {
                tables.close();
            } catch (Throwable e) {
                why.addSuppressed(e);
            }
        }
        closed.complete(null);
    }

    private void closeTables() {
        try {
            tables.close();
            closed.complete(null);
        } catch (Throwable e) {
            closed.completeExceptionally(e);
        }
    }

    /**
     * {@link #submit}, waiting for the stage (a blocking port's call) and rethrowing its failure as
     * it is. Refused, before anything is queued, on the owner thread, where it would wait for itself.
     */
    <T> T call(Work<T> work) {
        if (Thread.currentThread() == owner) {
            throw new IllegalStateException("a blocking store call on the store's own thread would wait for itself");
        }
        try {
            return submit(work).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
