package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.MemoryRecordLog;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two fake towers ({@link #a}, {@link #b}), a clock the test moves ({@link #now}) and one in-memory
 * log: every {@link #open()} is a new process on what the previous one stored
 * ({@link MemoryRecordLog#restart()}), so a test restarts the wallet by opening again. The vector
 * channel's signer is configured; the other settings are plain fields a test changes before opening.
 */
final class TestClients {
    static final Bytes SECRET = Bytes.of(Hashes.sha256("wallet secret".getBytes(StandardCharsets.UTF_8)));
    static final long DELAY = 144;
    /** The backoff of every client opened here: 10 s doubling up to 10 min (with the seeded jitter, 5 to 10 s first). */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));

    final FakeTower a = new FakeTower("a");
    final FakeTower b = new FakeTower("b");
    final AtomicLong now = new AtomicLong(1_000_000);
    Transport transport = FakeTower.routing(a, b);
    TowerClient.TopUp topUp = new TowerClient.TopUp(0, 0);
    RevocationSigners signers = VectorChannel.signers();
    /** The store of the client {@link #open()} made last. */
    MemoryRecordLog memory;

    /** A client on a restart of the store (an empty one the first time). */
    TowerClient open() throws Exception {
        memory = memory == null ? new MemoryRecordLog() : memory.restart();
        return TowerClient.builder(SECRET, memory).tower(a.endpoint).tower(b.endpoint).transport(transport)
                .clock(now::get).jitter(new Random(7)).backoff(BACKOFF).topUp(topUp).signers(signers).build();
    }

    /** Requests both towers got, from any thread. */
    int requests() {
        return a.requestCount() + b.requestCount();
    }

    /** A dispute txid for prebuilt appointments ({@link TowerClient#addAppointment}). */
    static Txid txid(int n) {
        return Txid.ofInternal(Hashes.sha256(("commitment " + n).getBytes(StandardCharsets.UTF_8)));
    }

    /** A stand-in justice transaction of 200 bytes: the SDK encrypts it without parsing it. */
    static Bytes justice(int n) {
        byte[] tx = new byte[200];
        Arrays.fill(tx, (byte) n);
        return Bytes.of(tx);
    }
}
