package dev.vigil.towerserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume's promise: the file only ever holds the state of a completed sync. */
class JournaledFileVolumeTest {
    @TempDir
    Path dir;

    interface VolumeCheck {
        void check(JournaledFileVolume v) throws IOException;
    }

    /** Opens {@code f}, runs {@code check}, closes. */
    private static void inVolume(Path f, VolumeCheck check) throws IOException {
        JournaledFileVolume v = JournaledFileVolume.open(f);
        try {
            check.check(v);
        } finally {
            v.close();
        }
    }

    @Test
    void writesReachTheFileOnlyAtSyncAndReadsSeeThemBefore() throws IOException {
        Path f = dir.resolve("v.db");
        inVolume(f, v -> {
            v.ensureAvailable(10_000);
            v.putLong(4090, 0x0102030405060708L); // across a page boundary
            v.putData(9_000, new byte[] {9, 8, 7}, 0, 3);
            assertEquals(0x0102030405060708L, v.getLong(4090));
            assertEquals(0, Files.size(f), "nothing written before sync");
            v.sync();
            assertEquals(10_000, Files.size(f));
            byte[] onDisk = Files.readAllBytes(f);
            assertEquals(1, onDisk[4090]);
            assertEquals(8, onDisk[4097]);
            assertArrayEquals(new byte[] {9, 8, 7}, Arrays.copyOfRange(onDisk, 9_000, 9_003));
        });
        assertFalse(Files.exists(JournaledFileVolume.journalOf(f)), "a clean close removes the journal");
    }

    @Test
    void aFileThatKeepsRefusingJournaledPagesStopsTheVolumeAndTheNextOpenRedoesThem() throws IOException {
        Path f = dir.resolve("v.db");
        FaultyChannels io = new FaultyChannels();
        JournaledFileVolume v = JournaledFileVolume.open(f, new JournaledFileVolume.Settings(io, JournaledFileVolume.CHECKPOINT_BYTES,
                JournaledFileVolume.CACHED_PAGES));
        v.ensureAvailable(8_192);
        v.putLong(0, 1);
        v.sync();
        io.refuseWritesTo(f);
        for (int i = 1; i < JournaledFileVolume.MAX_APPLY_FAILURES; i++) {
            v.putLong(8L * i, i + 1);
            v.sync(); // journaled: committed, rolled forward
        }
        v.putLong(8L * JournaledFileVolume.MAX_APPLY_FAILURES, 99);
        assertThrows(CommitOutcomeUnknownException.class, v::sync, "it stops instead of journaling the dirty pages for ever");
        assertThrows(CommitOutcomeUnknownException.class, v::sync, "and refuses every later sync");
        try {
            v.close();
        } catch (RuntimeException e) {
            // the file still refuses: the journal is kept for the next open either way
        }
        io.disarm();
        inVolume(f, again -> {
            for (int i = 1; i < JournaledFileVolume.MAX_APPLY_FAILURES; i++) {
                assertEquals(i + 1, again.getLong(8L * i), "rolled-forward commit " + i + " redone");
            }
            assertEquals(99, again.getLong(8L * JournaledFileVolume.MAX_APPLY_FAILURES), "the last one is in the journal too");
        });
    }

    @Test
    void theJournalLeftByACompletedSyncChangesNothingWhenRedone() throws IOException {
        Path f = dir.resolve("v.db");
        Path copy = dir.resolve("copy.db");
        inVolume(f, v -> {
            v.putLong(8_000, 5);
            v.putLong(100, 6);
            v.sync();
            v.truncate(4_096); // the next commit cuts the file, then grows it again
            v.ensureAvailable(12_000);
            v.putLong(11_000, 7);
            v.sync();
            // A kill now: the file and the journal of the completed sync, as a crash leaves them.
            Files.copy(f, copy);
            Files.copy(JournaledFileVolume.journalOf(f), JournaledFileVolume.journalOf(copy));
        });
        byte[] synced = Files.readAllBytes(f);
        inVolume(copy, again -> assertEquals(12_000, again.length()));
        assertArrayEquals(synced, Files.readAllBytes(copy), "redoing the journal of a completed sync is a no-op");
        assertFalse(Files.exists(JournaledFileVolume.journalOf(copy)));
    }

    @Test
    void everyRecordSinceTheLastCheckpointIsRedoneInOrderUpToATornOne() throws IOException {
        Path f = dir.resolve("v.db");
        Path journal = JournaledFileVolume.journalOf(f);
        JournaledFileVolume v = JournaledFileVolume.open(f);
        v.putLong(0, 1);
        v.putLong(5_000, 10);
        v.sync();
        v.putLong(0, 2);
        v.sync();
        byte[] twoRecords = Files.readAllBytes(journal);
        v.putLong(0, 3);
        v.putLong(9_000, 30);
        v.writeJournal(); // a kill after the third record was durable, before the file was written
        byte[] threeRecords = Files.readAllBytes(journal);
        v.close();
        assertEquals(true, threeRecords.length > twoRecords.length, "records are appended");
        // Power cut: the file lost everything since the checkpoint (here: since it was created).
        Files.write(f, new byte[0]);
        inVolume(f, again -> {
            assertEquals(3, again.getLong(0));
            assertEquals(10, again.getLong(5_000));
            assertEquals(30, again.getLong(9_000));
        });
        // The same, but the third record is torn: the first two are redone, the third dropped.
        Files.write(f, new byte[0]);
        Files.write(journal, Arrays.copyOf(threeRecords, threeRecords.length - 3));
        inVolume(f, again -> {
            assertEquals(2, again.getLong(0));
            assertEquals(10, again.getLong(5_000));
            assertEquals(5_008, again.length());
        });
    }

    @Test
    void aTornJournalOverALongerOlderOneIsDiscarded() throws IOException {
        Path f = dir.resolve("v.db");
        JournaledFileVolume v = JournaledFileVolume.open(f, new JournaledFileVolume.Settings(JournaledFileVolume.Channels.DISK, 1, JournaledFileVolume.CACHED_PAGES)); // a checkpoint at every sync
        for (int i = 0; i < 20; i++) {
            v.putLong(i * 2_000L, i + 1); // many pages: a long journal
        }
        v.sync();
        Path journal = JournaledFileVolume.journalOf(f);
        byte[] longer = Files.readAllBytes(journal);
        v.putLong(0, 99); // one page: a short journal written over the long one
        v.writeJournal();
        byte[] shorter = Files.readAllBytes(journal);
        v.close();
        assertEquals(longer.length, shorter.length, "overwritten in place, not truncated");
        // Torn: the new header and its first page landed, the rest is still the old journal.
        for (int landed : new int[] {8, 44, 44 + 8 + JournaledFileVolume.PAGE}) {
            byte[] torn = longer.clone();
            System.arraycopy(shorter, 0, torn, 0, landed);
            Files.write(journal, torn);
            inVolume(f, again -> assertEquals(1, again.getLong(0), "torn after " + landed + " bytes"));
        }
    }

    @Test
    void aRecordLargerThanRecoverysReadChunkIsCheckedAndRedoneWhole() throws IOException {
        Path f = dir.resolve("v.db");
        Path journal = JournaledFileVolume.journalOf(f);
        JournaledFileVolume v = JournaledFileVolume.open(f);
        int pages = 300; // ~310 KB: recovery checks it in several 64 KiB reads, then redoes it page by page
        for (int i = 0; i < pages; i++) {
            v.putLong((long) i * JournaledFileVolume.PAGE, i + 1);
        }
        v.writeJournal(); // a kill after the record was durable, before the file was written
        v.close();
        byte[] record = Files.readAllBytes(journal);
        assertEquals(true, record.length > 4 * 64 * 1_024, "the record spans several read chunks");
        inVolume(f, again -> {
            for (int i = 0; i < pages; i++) {
                assertEquals(i + 1, again.getLong((long) i * JournaledFileVolume.PAGE), "page " + i);
            }
        });
        // A bit flipped in its last chunk: the whole record is rejected, nothing of it is redone.
        Files.write(f, new byte[0]);
        record[record.length - 100] ^= 1;
        Files.write(journal, record);
        inVolume(f, again -> assertEquals(0, again.length()));
    }

    @Test
    void theJournalRecordFormatIsPinned() throws IOException {
        Path f = dir.resolve("v.db");
        byte[] golden = StoreRecordsTest.golden("journal", "journal-record-v2.hex");
        inVolume(f, v -> {
            v.putLong(0, 0x0102030405060708L);
            v.sync();
            assertArrayEquals(golden, Files.readAllBytes(JournaledFileVolume.journalOf(f)));
        });
        // and the golden record is redone onto a file that lost it
        Files.write(f, new byte[0]);
        Files.write(JournaledFileVolume.journalOf(f), golden);
        inVolume(f, v -> assertEquals(0x0102030405060708L, v.getLong(0)));
    }

    @Test
    void uncommittedWritesAreDroppedAtClose() throws IOException {
        Path f = dir.resolve("v.db");
        JournaledFileVolume v = JournaledFileVolume.open(f);
        v.putLong(0, 42);
        v.sync();
        v.putLong(0, 43);
        v.putLong(8192, 44);
        v.close();
        inVolume(f, again -> {
            assertEquals(42, again.getLong(0));
            assertEquals(8, again.length());
        });
    }

    @Test
    void aCompleteJournalIsRedoneAtOpen() throws IOException {
        Path f = dir.resolve("v.db");
        JournaledFileVolume v = JournaledFileVolume.open(f);
        v.putLong(0, 1);
        v.sync();
        v.putLong(0, 2);
        v.putLong(20_000, 3);
        v.writeJournal(); // a kill right after the journal became durable: the file is untouched
        byte[] before = Files.readAllBytes(f);
        v.close();
        assertEquals(8, before.length);

        inVolume(f, again -> {
            assertEquals(2, again.getLong(0));
            assertEquals(3, again.getLong(20_000));
            assertEquals(20_008, again.length());
        });
        assertFalse(Files.exists(JournaledFileVolume.journalOf(f)));
    }

    @Test
    void anIncompleteJournalIsDiscardedAndTheFileKept() throws IOException {
        Path f = dir.resolve("v.db");
        JournaledFileVolume v = JournaledFileVolume.open(f);
        v.putLong(0, 1);
        v.sync();
        v.putLong(0, 2);
        v.writeJournal();
        v.close();
        Path journal = JournaledFileVolume.journalOf(f);
        byte[] j = Files.readAllBytes(journal);
        for (int cut : new int[] {0, 7, 20, j.length - 1}) {
            Files.write(journal, Arrays.copyOf(j, cut)); // a kill while the journal was being written
            inVolume(f, again -> assertEquals(1, again.getLong(0), "cut at " + cut));
            assertFalse(Files.exists(journal));
        }
        j[30] ^= 1; // a flipped bit: the checksum rejects it
        Files.write(journal, j);
        inVolume(f, again -> assertEquals(1, again.getLong(0)));
    }

    @Test
    void truncationForgetsTheTail() throws IOException {
        Path f = dir.resolve("v.db");
        inVolume(f, v -> {
            v.putLong(8_000, 5);
            v.sync();
            v.truncate(4_096);
            v.ensureAvailable(10_000);
            assertEquals(0, v.getLong(8_000), "truncated bytes read as zero when the file grows again");
            v.sync();
            assertEquals(10_000, Files.size(f));
            assertEquals(0, v.getLong(8_000));
        });
    }

    /**
     * Random writes, truncations, growth, syncs, rollbacks (close without sync) and checkpoints
     * against a plain byte array, with a 3-page cache so that pages are evicted and re-read all the
     * time: every read agrees with the model, and a reopened volume holds the last synced state.
     */
    @Test
    void readsAlwaysAgreeWithAModelThroughCachingEvictionTruncationAndReopening() throws IOException {
        Path f = dir.resolve("v.db");
        java.util.Random random = new java.util.Random(20261123);
        byte[] model = new byte[0];
        byte[] synced = new byte[0];
        JournaledFileVolume v = JournaledFileVolume.open(f, new JournaledFileVolume.Settings(JournaledFileVolume.Channels.DISK, 3_000, 3));
        int span = 8 * JournaledFileVolume.PAGE;
        for (int op = 0; op < 4_000; op++) {
            int kind = random.nextInt(100);
            if (kind < 45) {
                int at = random.nextInt(span);
                byte[] data = new byte[1 + random.nextInt(40)];
                random.nextBytes(data);
                v.putData(at, data, 0, data.length);
                if (model.length < at + data.length) {
                    model = Arrays.copyOf(model, at + data.length);
                }
                System.arraycopy(data, 0, model, at, data.length);
            } else if (kind < 50) {
                int size = random.nextInt(model.length + 1);
                v.truncate(size);
                model = Arrays.copyOf(model, size);
            } else if (kind < 55) {
                int size = random.nextInt(span);
                v.ensureAvailable(size);
                model = Arrays.copyOf(model, Math.max(model.length, size));
            } else if (kind < 65) {
                v.sync();
                synced = model.clone();
            } else if (kind < 68) {
                v.close(); // uncommitted changes are dropped
                v = JournaledFileVolume.open(f, new JournaledFileVolume.Settings(JournaledFileVolume.Channels.DISK, 3_000, 3));
                model = synced.clone();
                assertEquals(model.length, v.length(), "length after reopening, op " + op);
            } else {
                int at = random.nextInt(Math.max(1, model.length));
                int n = Math.min(model.length - at, 1 + random.nextInt(60));
                if (n > 0) {
                    byte[] got = new byte[n];
                    v.getData(at, got, 0, n);
                    assertArrayEquals(Arrays.copyOfRange(model, at, at + n), got, "read at " + at + ", op " + op);
                }
            }
        }
        v.sync();
        synced = model.clone();
        v.close();
        byte[] onDisk = Files.readAllBytes(f);
        assertArrayEquals(synced, onDisk);
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefused() throws IOException {
        Path f = dir.resolve("v.db");
        inVolume(f, v -> assertThrows(StoreLockedException.class, () -> JournaledFileVolume.open(f)));
    }
}
