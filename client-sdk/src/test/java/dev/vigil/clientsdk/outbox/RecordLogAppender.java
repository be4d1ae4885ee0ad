package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The process {@link FileRecordLogKillTest} kills: appends numbered records to the log in
 * {@code args[0]} for ever, printing each number once its append returned, and compacts every
 * {@value #COMPACT_EVERY} records into a snapshot holding how many came before.
 */
public final class RecordLogAppender {
    static final int COMPACT_EVERY = 50;
    static final int BATCH_EVERY = 7;
    static final int BATCH = 3;

    private RecordLogAppender() {}

    /** Record {@code n}: its number, then up to 2,000 bytes derived from it (so a torn one is long enough to tear). */
    static Bytes record(int n) {
        byte[] b = new byte[4 + (n * 397) % 2000];
        ByteBuffer.wrap(b).putInt(n);
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) (n + i);
        }
        return Bytes.of(b);
    }

    static Bytes snapshot(int count) {
        return Bytes.of(ByteBuffer.allocate(4).putInt(count).array());
    }

    static int count(Bytes snapshot) {
        return ByteBuffer.wrap(snapshot.toArray()).getInt();
    }

    public static void main(String[] args) throws Exception {
        // Unbuffered: each line goes out in one write(2), whole or not at all when the kill lands.
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        FileRecordLog log = new FileRecordLog(Paths.get(args[0]));
        RecordLog.Loaded loaded = log.load();
        int next = (loaded.snapshot().isPresent() ? count(loaded.snapshot().get()) : 0) + loaded.records().size();
        while (true) {
            int n = next;
            if (n % BATCH_EVERY == 0) {
                log.append(Arrays.asList(record(n), record(n + 1), record(n + 2)));
                next += BATCH;
            } else {
                log.append(record(n));
                next++;
            }
            for (int i = n; i < next; i++) {
                out.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (next / COMPACT_EVERY != n / COMPACT_EVERY) {
                log.rewrite(snapshot(next));
            }
        }
    }
}
