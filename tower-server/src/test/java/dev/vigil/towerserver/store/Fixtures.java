package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Deterministic values for store tests. */
final class Fixtures {
    private Fixtures() {}

    /** A user id: 02 || n repeated (the shape is all the store checks). */
    static UserId user(int n) {
        byte[] k = new byte[33];
        k[0] = 0x02;
        ByteBuffer.wrap(k, 1, 32).putInt(n).putInt(~n).putInt(n * 31).putInt(n ^ 0x5a5a5a5a);
        return new UserId(new PublicKey(Bytes.of(k)));
    }

    /** A locator whose first 8 bytes are {@code high} and last 8 are {@code low}. */
    static Locator locator(long high, long low) {
        return new Locator(Bytes.of(ByteBuffer.allocate(16).putLong(high).putLong(low).array()));
    }

    static Locator locator(int n) {
        return locator(0x1000_0000_0000_0000L + n * 0x9E37_79B9L, n);
    }

    static Bytes blob(int n, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (n * 7 + i);
        }
        return Bytes.of(b);
    }

    static StoredAppointment appointment(UserId user, Locator locator, int n) {
        return new StoredAppointment(user, new Appointment(locator, blob(n, 100 + n % 50), 42 + n),
                "d" + n + "sigzbase32xxxxxxxxxxxxxxxxxxxxxxxxxxx", 700_000 + n, 1 + n % 3);
    }

    static UserRecord userRecord(UserId user, long slots) {
        return new UserRecord(user, slots, 100, 5_000);
    }

    /** A txid of 32 bytes made from {@code n} and {@code salt}; its first 16 bytes (the locator) differ for every pair. */
    static Txid txid(int n, int salt) {
        ByteBuffer b = ByteBuffer.allocate(Txid.LENGTH);
        b.putInt(n).putInt(salt).putInt(n * 0x9E37_79B9).putInt(salt * 31 + n);
        b.putLong(((long) n << 32) ^ salt).putLong(n * 0x5851_F42D_4C95_7F2DL + salt);
        return new Txid(Bytes.of(b.array()));
    }

    /**
     * Tracker {@code n} of {@code user}: dispute and penalty made from {@code n}, its id the appointment
     * id of (dispute locator, user) as the watcher makes it, the dispute confirmed for even {@code n}.
     */
    static Tracker tracker(UserId user, int n, Tracker.Status status) {
        Txid dispute = txid(n, 1);
        Locator locator = dispute.locator();
        return new Tracker(AppointmentId.of(locator, user), user, locator, 1 + n % 3, dispute, blob(n, 150 + n % 40),
                txid(n, 2), blob(n + 1, 120 + n % 30), n % 2 == 0 ? 800_000 + n : -1, status);
    }

    static Tracker tracker(UserId user, int n) {
        return tracker(user, n, new Tracker.Status.Unsent(800_000 + n, "not sent yet"));
    }

    static PrivateKey key(int n) {
        byte[] k = new byte[32];
        k[31] = (byte) n;
        k[0] = 0x11;
        return new PrivateKey(Bytes.of(k));
    }

    /** {@code threads} threads each put {@code perThread} appointments (user = thread), then waits for every stage. */
    static void putConcurrently(TowerStore s, int threads, int perThread) throws InterruptedException {
        List<CompletionStage<Void>> stages = new CopyOnWriteArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    stages.add(s.putAppointment(appointment(user(id), locator(i), i), userRecord(user(id), i)));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        stages.forEach(Fixtures::await);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("stage failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete in 60 s", e);
        }
    }

    /** The exception a stage failed with (fails the test if it succeeded). */
    static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete in 60 s", e);
        }
        throw new AssertionError("stage succeeded, a failure was expected");
    }
}
