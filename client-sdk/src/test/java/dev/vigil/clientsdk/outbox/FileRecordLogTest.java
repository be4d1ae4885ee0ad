package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRecordLogTest {
    @TempDir
    Path dir;

    static Bytes rec(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path logFile() {
        return dir.resolve(FileRecordLog.LOG_FILE_NAME);
    }

    private RecordLog.Loaded reopen() throws IOException {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            return log.load();
        }
    }

    private static RecordLog.Loaded state(Optional<Bytes> snapshot, Bytes... records) {
        return new RecordLog.Loaded(snapshot, Arrays.asList(records));
    }

    @Test
    void recordsAndSnapshotsRoundTripAcrossReopen() throws Exception {
        long appended;
        try (FileRecordLog log = new FileRecordLog(dir)) {
            assertEquals(state(Optional.empty()), log.load());
            assertEquals(0, log.appendedBytes());
            log.append(rec("a"));
            log.append(Arrays.asList(rec("b"), rec("c")));
            log.append(Bytes.EMPTY);
            log.append(Collections.<Bytes>emptyList());
            appended = log.appendedBytes();
            assertEquals(3 * FileRecordLog.FRAME_HEADER_BYTES + 4 * 4 + 3, appended);
        }
        try (FileRecordLog log = new FileRecordLog(dir)) {
            assertEquals(state(Optional.empty(), rec("a"), rec("b"), rec("c"), Bytes.EMPTY), log.load());
            assertEquals(appended, log.appendedBytes());
            log.append(rec("d"));
            log.rewrite(rec("snapshot 1"));
            assertEquals(0, log.appendedBytes());
            log.append(rec("e"));
        }
        assertEquals(state(Optional.of(rec("snapshot 1")), rec("e")), reopen());
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.rewrite(rec("snapshot 2"));
            log.rewrite(Bytes.EMPTY);
        }
        assertEquals(state(Optional.of(Bytes.EMPTY)), reopen());
        try (var files = Files.list(dir)) {
            assertEquals(Arrays.asList(FileRecordLog.LOG_FILE_NAME, FileRecordLog.SNAPSHOT_FILE_NAME),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void aMissingDirectoryIsCreated() throws Exception {
        Path nested = dir.resolve("wallet").resolve("towers");
        try (FileRecordLog log = new FileRecordLog(nested)) {
            log.load();
            log.append(rec("a"));
        }
        try (FileRecordLog log = new FileRecordLog(nested)) {
            assertEquals(state(Optional.empty(), rec("a")), log.load());
        }
    }

    @Test
    void theContractIsEnforced() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            assertThrows(IllegalStateException.class, () -> log.append(rec("a")), "load first");
            assertThrows(IllegalStateException.class, () -> log.rewrite(rec("a")), "load first");
            log.load();
            assertThrows(IllegalStateException.class, log::load, "load once");
            long size = Files.size(logFile());
            Bytes max = Bytes.of(new byte[RecordLog.MAX_RECORD_BYTES]);
            Bytes tooLarge = Bytes.of(new byte[RecordLog.MAX_RECORD_BYTES + 1]);
            assertThrows(IllegalArgumentException.class, () -> log.append(tooLarge));
            assertThrows(IllegalArgumentException.class, () -> log.append(Arrays.asList(rec("a"), tooLarge)));
            assertThrows(IllegalArgumentException.class, () -> log.append(Arrays.asList(max, max, max, max)),
                    "four records of 4 MiB and their lengths are more than a batch takes");
            assertEquals(size, Files.size(logFile()), "nothing written by a refused append");
            log.append(max);
        }
        RecordLog.Loaded loaded = reopen();
        assertEquals(1, loaded.records().size());
        assertEquals(RecordLog.MAX_RECORD_BYTES, loaded.records().get(0).length());
    }

    @Test
    void aTornLastAppendIsDroppedAtEveryLength() throws Exception {
        long before;
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("first"));
            log.append(Arrays.asList(rec("second"), rec("third")));
            before = Files.size(logFile());
            // The last append is a batch: a torn one loses all of it, never a part.
            log.append(Arrays.asList(rec("fourth, never acknowledged"), rec("fifth")));
        }
        byte[] whole = Files.readAllBytes(logFile());
        assertTrue(whole.length > before + FileRecordLog.FRAME_HEADER_BYTES);
        for (int cut = (int) before; cut < whole.length; cut++) {
            Files.write(logFile(), Arrays.copyOf(whole, cut));
            try (FileRecordLog log = new FileRecordLog(dir)) {
                assertEquals(state(Optional.empty(), rec("first"), rec("second"), rec("third")), log.load(), "cut at " + cut);
                assertEquals(before, Files.size(logFile()), "the torn bytes are truncated away (cut at " + cut + ")");
                log.append(rec("after"));
            }
            assertEquals(state(Optional.empty(), rec("first"), rec("second"), rec("third"), rec("after")), reopen(),
                    "cut at " + cut);
        }
    }

    @Test
    void aLastAppendWithGarbageOrZerosInItIsDropped() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("first"));
            log.append(rec("second"));
        }
        byte[] whole = Files.readAllBytes(logFile());
        byte[] flippedLast = whole.clone();
        flippedLast[whole.length - 2] ^= 0x10; // the body of the last frame: the power-loss case
        byte[] zeros = Arrays.copyOf(whole, whole.length + 100); // extent allocated, data never written
        byte[] garbage = Arrays.copyOf(whole, whole.length + 50);
        for (int i = whole.length; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(logFile(), flippedLast);
        assertEquals(state(Optional.empty(), rec("first")), reopen());
        assertEquals(whole.length - (FileRecordLog.FRAME_HEADER_BYTES + 4 + "second".length()), Files.size(logFile()));
        Files.write(logFile(), zeros);
        assertEquals(state(Optional.empty(), rec("first"), rec("second")), reopen());
        assertEquals(whole.length, Files.size(logFile()));
        Files.write(logFile(), garbage);
        assertEquals(state(Optional.empty(), rec("first"), rec("second")), reopen());
        assertEquals(whole.length, Files.size(logFile()));
    }

    @Test
    void damageBeforeTheLastAppendIsRefusedWithTheFileAndOffset() throws Exception {
        long middleStart;
        long middleEnd;
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("first"));
            middleStart = Files.size(logFile());
            log.append(Arrays.asList(rec("second"), rec("third")));
            middleEnd = Files.size(logFile());
            log.append(rec("last"));
        }
        byte[] whole = Files.readAllBytes(logFile());
        for (int at = (int) middleStart; at < middleEnd; at++) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x01;
            Files.write(logFile(), damaged);
            IOException e = assertThrows(IOException.class, this::reopen, "flipped byte at " + at);
            assertTrue(e.getMessage().contains(logFile().toString()) && e.getMessage().contains("offset " + middleStart),
                    e.getMessage());
            assertEquals(damaged.length, Files.size(logFile()), "a refused log is left as it is");
        }
        for (int at = 0; at < FileRecordLog.LOG_HEADER_BYTES; at++) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x01;
            Files.write(logFile(), damaged);
            assertThrows(IOException.class, this::reopen, "flipped byte in the log header at " + at);
        }
        Files.write(logFile(), Arrays.copyOf(whole, 10));
        assertThrows(IOException.class, this::reopen, "a log shorter than its header");
    }

    @Test
    void aCheckedHeaderClaimingMoreThanAnyAppendWritesIsRefused() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("first"));
        }
        byte[] header = new byte[FileRecordLog.FRAME_HEADER_BYTES];
        ByteBuffer.wrap(header).putInt(RecordLog.MAX_BATCH_BYTES + 1).putInt(1).putInt(0);
        CRC32 crc = new CRC32();
        crc.update(header, 0, 12);
        ByteBuffer.wrap(header).putInt(12, (int) crc.getValue());
        Files.write(logFile(), header, java.nio.file.StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, this::reopen);
        assertTrue(e.getMessage().contains("no append writes"), e.getMessage());
    }

    @Test
    void aDamagedSnapshotIsRefusedNotSkipped() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.rewrite(rec("the snapshot"));
            log.append(rec("after"));
        }
        Path snapshot = dir.resolve(FileRecordLog.SNAPSHOT_FILE_NAME);
        byte[] whole = Files.readAllBytes(snapshot);
        for (int at = 0; at < whole.length; at++) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x04;
            Files.write(snapshot, damaged);
            IOException e = assertThrows(IOException.class, this::reopen, "flipped byte at " + at);
            assertTrue(e.getMessage().contains(snapshot.toString()), e.getMessage());
        }
        for (int cut : new int[] {0, 5, whole.length / 2, whole.length - 1}) {
            Files.write(snapshot, Arrays.copyOf(whole, cut));
            assertThrows(IOException.class, this::reopen, "snapshot cut at " + cut);
        }
        Files.write(snapshot, whole);
        assertEquals(state(Optional.of(rec("the snapshot")), rec("after")), reopen());
    }

    @Test
    void aSnapshotAndALogOfUnrelatedGenerationsAreRefused() throws Exception {
        Path snapshot = dir.resolve(FileRecordLog.SNAPSHOT_FILE_NAME);
        byte[] logOfGeneration0;
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("a"));
            logOfGeneration0 = Files.readAllBytes(logFile());
            log.rewrite(rec("s1"));
            log.rewrite(rec("s2"));
            log.append(rec("b"));
        }
        byte[] logOfGeneration2 = Files.readAllBytes(logFile());
        byte[] snapshotOfGeneration2 = Files.readAllBytes(snapshot);

        Files.write(logFile(), logOfGeneration0);
        IOException e = assertThrows(IOException.class, this::reopen, "a log two generations behind its snapshot");
        assertTrue(e.getMessage().contains("generation 0"), e.getMessage());

        Files.write(logFile(), logOfGeneration2);
        Files.delete(snapshot);
        assertThrows(IOException.class, this::reopen, "records that follow a snapshot which is gone");

        Files.write(snapshot, snapshotOfGeneration2);
        Files.delete(logFile());
        e = assertThrows(IOException.class, this::reopen, "a snapshot whose log is gone");
        assertTrue(e.getMessage().contains("without its log"), e.getMessage());
    }

    /** Stops a rewrite at one step, as kill -9 would: no clean-up code runs. */
    private static final class Crash extends RuntimeException {
        Crash(FileRecordLog.Step step) {
            super("crash at " + step);
        }
    }

    private static FileRecordLog.StepHook crashAt(FileRecordLog.Step step, boolean[] armed) {
        return s -> {
            if (armed[0] && s == step) {
                throw new Crash(s);
            }
        };
    }

    @Test
    void aCrashAtEachStepOfARewriteLeavesTheOldStateOrTheNew() throws Exception {
        RecordLog.Loaded old = state(Optional.of(rec("old snapshot")), rec("a"), rec("b"));
        RecordLog.Loaded fresh = state(Optional.of(rec("new snapshot")));
        for (FileRecordLog.Step step : FileRecordLog.Step.values()) {
            Path d = Files.createDirectory(dir.resolve(step.name()));
            try (FileRecordLog log = new FileRecordLog(d)) {
                log.load();
                log.rewrite(rec("old snapshot"));
                log.append(rec("a"));
                log.append(rec("b"));
            }
            boolean[] armed = {false};
            FileRecordLog crashing = new FileRecordLog(d, realChannels(), crashAt(step, armed));
            assertEquals(old, crashing.load());
            armed[0] = true;
            assertThrows(Crash.class, () -> crashing.rewrite(rec("new snapshot")));
            crashing.close(); // the process is gone; its files stay as the crash left them

            RecordLog.Loaded expected = step == FileRecordLog.Step.SNAPSHOT_WRITTEN ? old : fresh;
            try (FileRecordLog log = new FileRecordLog(d)) {
                assertEquals(expected, log.load(), "crash at " + step);
                log.append(rec("c"));
            }
            List<Bytes> withC = new ArrayList<>(expected.records());
            withC.add(rec("c"));
            try (FileRecordLog log = new FileRecordLog(d)) {
                assertEquals(new RecordLog.Loaded(expected.snapshot(), withC), log.load(), "crash at " + step);
            }
            try (var files = Files.list(d)) {
                assertEquals(2, files.count(), "no temporary file left after " + step);
            }
        }
    }

    @Test
    void aCrashWhileLoadFinishesAnInterruptedRewriteStillLoadsTheNewState() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("a"));
        }
        boolean[] armed = {true};
        FileRecordLog crashing = new FileRecordLog(dir, realChannels(), crashAt(FileRecordLog.Step.SNAPSHOT_RENAMED, armed));
        crashing.load();
        assertThrows(Crash.class, () -> crashing.rewrite(rec("new")));
        crashing.close();
        // The next load finds the stale log and replaces it; a crash in the middle of that, too.
        FileRecordLog again = new FileRecordLog(dir, realChannels(), crashAt(FileRecordLog.Step.LOG_WRITTEN, armed));
        assertThrows(Crash.class, again::load);
        again.close();
        assertEquals(state(Optional.of(rec("new"))), reopen());
    }

    @Test
    void aTornTemporarySnapshotIsIgnoredAndRemoved() throws Exception {
        try (FileRecordLog log = new FileRecordLog(dir)) {
            log.load();
            log.append(rec("a"));
        }
        Path temp = dir.resolve(FileRecordLog.SNAPSHOT_FILE_NAME + FileRecordLog.TEMP_SUFFIX);
        Files.write(temp, "VIGILSNP half of a snaps".getBytes(StandardCharsets.US_ASCII));
        assertEquals(state(Optional.empty(), rec("a")), reopen());
        assertFalse(Files.exists(temp));
    }

    @Test
    void anAppendCostsOneDataForceAndNothingElse() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            assertEquals(Arrays.asList(FileRecordLog.LOG_FILE_NAME + FileRecordLog.TEMP_SUFFIX + " force(true)",
                    dir.getFileName() + " force(true)"), io.forces, "creation forces the new log and the directory once");
            io.reset();
            log.append(rec("a"));
            // The log's channel was opened under its temporary name, before the rename.
            String logChannel = FileRecordLog.LOG_FILE_NAME + FileRecordLog.TEMP_SUFFIX;
            assertEquals(Collections.singletonList(logChannel + " force(false)"), io.forces, "one fdatasync, nothing else");
            io.reset();
            log.append(Arrays.asList(rec("b"), rec("c"), rec("d"), rec("e"), rec("f")));
            assertEquals(1, io.forceCount(), "a batch is one force too");
            io.reset();
            log.append(Collections.<Bytes>emptyList());
            assertEquals(0, io.forceCount(), "an empty batch writes nothing");
            io.reset();
            log.rewrite(rec("s"));
            assertEquals(4, io.forceCount(), "a rewrite: snapshot, directory, new log, directory " + io.forces);
            io.reset();
            log.append(rec("g"));
            assertEquals(Collections.singletonList(logChannel + " force(false)"), io.forces);
        }
        io.reset();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            assertEquals(0, io.forceCount(), "reopening an intact log forces nothing");
            log.append(rec("h"));
            assertEquals(Collections.singletonList(FileRecordLog.LOG_FILE_NAME + " force(false)"), io.forces);
        }
    }

    @Test
    void theFirstCreationOfItsDirectoryForcesTheParentToo() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir.resolve("new"), io, s -> {})) {
            log.load();
        }
        assertEquals(3, io.forceCount(), io.forces.toString());
        assertEquals(dir.getFileName() + " force(true)", io.forces.get(2));
    }

    @Test
    void aFailedAppendIsCutAwayAndTheLogGoesOn() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            log.append(rec("a"));
            io.failForces = 1;
            assertThrows(IOException.class, () -> log.append(rec("b: its force failed")));
            io.failWrites = 1;
            assertThrows(IOException.class, () -> log.append(rec("c: half written")));
            log.append(rec("d"));
        }
        assertEquals(state(Optional.empty(), rec("a"), rec("d")), reopen());
    }

    @Test
    void anAppendWhoseBytesCannotBeCutAwayStopsTheLogUntilReopened() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            log.append(rec("a"));
            io.failWrites = 1;
            io.failTruncates = 1;
            assertThrows(IOException.class, () -> log.append(rec("b: half written, never cut")));
            IOException e = assertThrows(IOException.class, () -> log.append(rec("c")));
            assertTrue(e.getMessage().contains("open the log again"), e.getMessage());
            assertThrows(IOException.class, () -> log.rewrite(rec("s")));
        }
        try (FileRecordLog log = new FileRecordLog(dir)) {
            assertEquals(state(Optional.empty(), rec("a")), log.load(), "the half-written frame is a torn tail");
            log.append(rec("d"));
        }
        assertEquals(state(Optional.empty(), rec("a"), rec("d")), reopen());
    }

    @Test
    void aRewriteThatFailsBeforeItsRenameChangesNothing() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            log.append(rec("a"));
            io.failForces = 1; // the temporary snapshot's
            assertThrows(IOException.class, () -> log.rewrite(rec("s")));
            log.append(rec("b"));
        }
        assertEquals(state(Optional.empty(), rec("a"), rec("b")), reopen());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary snapshot is removed");
        }
    }

    @Test
    void aRewriteThatFailsAfterItsRenameRefusesAppendsUntilReopened() throws Exception {
        CountingChannels io = new CountingChannels();
        try (FileRecordLog log = new FileRecordLog(dir, io, s -> {})) {
            log.load();
            log.append(rec("a"));
            // The temporary snapshot's force succeeds; the directory's, after the rename, fails.
            io.passForces = 1;
            io.failForces = 1;
            assertThrows(IOException.class, () -> log.rewrite(rec("s")));
            assertEquals(0, io.failForces, "the directory's force was the one that failed");
            IOException e = assertThrows(IOException.class, () -> log.append(rec("b")));
            assertTrue(e.getMessage().contains("open the log again"), e.getMessage());
        }
        assertEquals(state(Optional.of(rec("s"))), reopen(), "the rename was done: the new snapshot, the stale log discarded");
    }

    private static FileRecordLog.ChannelOpener realChannels() {
        return java.nio.channels.FileChannel::open;
    }
}
