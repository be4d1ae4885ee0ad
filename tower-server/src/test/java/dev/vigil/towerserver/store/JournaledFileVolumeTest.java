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
import org.mapdb.DBException;

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
            assertFalse(Files.exists(JournaledFileVolume.journalOf(f)));
        });
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
            assertFalse(Files.exists(JournaledFileVolume.journalOf(f)));
        });
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

    @Test
    void aSecondOpenOfTheSameFileIsRefused() throws IOException {
        Path f = dir.resolve("v.db");
        inVolume(f, v -> assertThrows(DBException.class, () -> JournaledFileVolume.open(f)));
    }
}
