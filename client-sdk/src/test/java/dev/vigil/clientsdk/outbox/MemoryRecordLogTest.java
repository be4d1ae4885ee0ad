package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryRecordLogTest {
    private static Bytes rec(String s) {
        return FileRecordLogTest.rec(s);
    }

    @Test
    void keepsWhatAFileLogWouldAcrossARestart() throws Exception {
        MemoryRecordLog log = new MemoryRecordLog();
        assertEquals(new RecordLog.Loaded(Optional.empty(), Collections.<Bytes>emptyList()), log.load());
        log.append(rec("a"));
        log.append(Arrays.asList(rec("b"), rec("c")));
        log.append(Collections.<Bytes>emptyList());
        assertEquals(2, log.syncs());
        assertEquals(2 * FileRecordLog.FRAME_HEADER_BYTES + 3 * 4 + 3, log.appendedBytes(), "the file log's count of bytes");

        MemoryRecordLog restarted = log.restart();
        assertEquals(new RecordLog.Loaded(Optional.empty(), Arrays.asList(rec("a"), rec("b"), rec("c"))), restarted.load());
        restarted.rewrite(rec("s"));
        restarted.append(rec("d"));
        assertEquals(1, restarted.rewrites());
        assertEquals(new RecordLog.Loaded(Optional.of(rec("s")), Collections.singletonList(rec("d"))), restarted.restart().load());
    }

    @Test
    void failsOnCommandAndAFailedCallChangesNothing() throws Exception {
        MemoryRecordLog log = new MemoryRecordLog();
        log.load();
        log.append(rec("a"));
        log.failNextAppends(2);
        assertThrows(IOException.class, () -> log.append(rec("b")));
        assertThrows(IOException.class, () -> log.append(Arrays.asList(rec("c"), rec("d"))));
        log.append(rec("e"));
        log.failNextRewrites(1);
        assertThrows(IOException.class, () -> log.rewrite(rec("s")));
        assertEquals(2, log.syncs());
        assertEquals(0, log.rewrites());
        assertEquals(new RecordLog.Loaded(Optional.empty(), Arrays.asList(rec("a"), rec("e"))), log.restart().load());
    }

    @Test
    void enforcesTheSameContractAsTheFileLog() throws Exception {
        MemoryRecordLog log = new MemoryRecordLog();
        assertThrows(IllegalStateException.class, () -> log.append(rec("a")));
        log.load();
        assertThrows(IllegalStateException.class, log::load);
        assertThrows(IllegalArgumentException.class, () -> log.append(Bytes.of(new byte[RecordLog.MAX_RECORD_BYTES + 1])));
        assertThrows(IllegalArgumentException.class, () -> log.failNextAppends(-1));
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(rec("a")));
        assertEquals(0, log.syncs());
    }
}
