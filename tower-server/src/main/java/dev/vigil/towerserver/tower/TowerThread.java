package dev.vigil.towerserver.tower;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which every decision about appointments, trackers, users and the chain tip is
 * taken (DESIGN §6, docs/tower-server.md "Threads"). The watcher, the responder and the settlement
 * keep their state unsynchronised because only this thread touches it; {@link #checkOwner} makes that
 * rule fail loudly instead of racing silently when a caller breaks it.
 *
 * <p>Tasks run in submission order. {@link #close} lets the queued tasks finish (up to a bound), then
 * stops the thread.
 */
public final class TowerThread implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TowerThread.class.getName());

    private final ExecutorService executor;
    private final Thread thread;

    private TowerThread(String name) {
        Objects.requireNonNull(name, "name");
        Thread[] created = new Thread[1];
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            created[0] = t;
            return t;
        });
        // Start the thread now, so that its identity is known before any task is submitted.
        try {
            executor.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot start " + name, e.getCause());
        }
        this.thread = Objects.requireNonNull(created[0], "thread");
    }

    /** Starts a tower thread named {@code name} (not a daemon: a tower closes it on shutdown). */
    public static TowerThread start(String name) {
        return new TowerThread(name);
    }

    /**
     * Runs {@code task} on this thread after the tasks before it. A task that throws is logged and
     * the thread goes on: an executor would otherwise replace its thread, and every later
     * {@link #checkOwner} would refuse the replacement.
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "a task on " + thread.getName() + " failed", e);
            }
        });
    }

    /**
     * Throws {@link IllegalStateException} unless the caller runs on this thread: for the entry points of
     * state that only this thread may touch.
     */
    public void checkOwner(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + " must run on " + thread.getName() + ", not on " + Thread.currentThread().getName());
        }
    }

    /** Runs what is queued (for up to 30 s), then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
