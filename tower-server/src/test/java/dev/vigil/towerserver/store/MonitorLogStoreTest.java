package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.EventReader;
import dev.vigil.towerserver.monitor.MonitoredUser;
import dev.vigil.towerserver.monitor.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A user's monitoring log in the store: its bookkeeping is done in the commit that changes the events. */
class MonitorLogStoreTest {
    private final InMemoryTowerStore store = InMemoryTowerStore.create();
    private final UserId alice = user(1);
    private final UserId bob = user(2);

    private static StoredEvent event(UserId u, long cursor, long height, String body) {
        return new StoredEvent(u, cursor, EventType.BREACH_SEEN, height, 1_000 + cursor, Bytes.of(body.getBytes(StandardCharsets.US_ASCII)));
    }

    private void inOneBatch(java.util.function.Consumer<BlockBatch> writes) {
        BlockBatch b = store.open();
        writes.accept(b);
        await(b.commit(Optional.empty()));
    }

    private EventReader.Slice read(UserId u, long after) {
        return await(store.eventsAfter(u, after, 100)).orElseThrow();
    }

    private static List<Long> cursors(EventReader.Slice s) {
        return s.events().stream().map(StoredEvent::cursor).toList();
    }

    @Test
    void anUnenrolledUserHasNoLogAndAnEnrolledOneAnEmptyOne() {
        assertEquals(Optional.empty(), await(store.eventsAfter(alice, 0, 10)));
        inOneBatch(b -> b.enrollUser(alice));
        EventReader.Slice s = read(alice, 0);
        assertEquals(List.of(), s.events());
        assertEquals(0, s.head());
        assertEquals(1, s.oldestCursor());
        assertEquals(List.of(new MonitoredUser(alice, 1)), await(store.loadMonitoredUsers()));
    }

    @Test
    void eventsComeBackInCursorOrderWithTheirBytesAndOnlyTheUsersOwn() {
        EventBounds roomy = new EventBounds(100, 1 << 20, 1000);
        inOneBatch(b -> {
            b.enrollUser(alice);
            b.enrollUser(bob);
            b.appendEvent(event(alice, 1, 10, "{\"a\":1}"), roomy);
            b.appendEvent(event(bob, 1, 10, "{\"b\":1}"), roomy);
            b.appendEvent(event(alice, 2, 11, "{\"a\":2}"), roomy);
        });
        EventReader.Slice s = read(alice, 0);
        assertEquals(List.of(event(alice, 1, 10, "{\"a\":1}"), event(alice, 2, 11, "{\"a\":2}")), s.events());
        assertEquals(2, s.head());
        assertEquals(List.of(2L), cursors(read(alice, 1)));
        assertEquals(List.of(), cursors(read(alice, 2)));
        assertEquals(List.of(1L), cursors(read(bob, 0)));
        assertEquals(List.of(new MonitoredUser(alice, 3), new MonitoredUser(bob, 2)),
                await(store.loadMonitoredUsers()).stream().sorted((x, y) -> x.user().toHex().compareTo(y.user().toHex())).toList());
    }

    @Test
    void theCountAndByteBoundsPruneTheOldestInTheSameCommit() {
        EventBounds three = new EventBounds(3, 1 << 20, 1000);
        inOneBatch(b -> {
            b.enrollUser(alice);
            for (long c = 1; c <= 5; c++) {
                b.appendEvent(event(alice, c, 10 + c, "{\"n\":" + c + "}"), three);
            }
        });
        EventReader.Slice s = read(alice, 0);
        assertEquals(List.of(3L, 4L, 5L), cursors(s));
        assertEquals(5, s.head());
        assertEquals(3, s.oldestCursor());
        // 7 bytes each: a 15-byte bound keeps two
        inOneBatch(b -> b.appendEvent(event(alice, 6, 20, "{\"n\":6}"), new EventBounds(100, 15, 1000)));
        assertEquals(List.of(5L, 6L), cursors(read(alice, 0)));
        assertEquals(5, read(alice, 0).oldestCursor());
    }

    @Test
    void ageAndUserDeletionRemoveEventsAndMoveTheOldestCursor() {
        EventBounds roomy = new EventBounds(100, 1 << 20, 1000);
        inOneBatch(b -> {
            b.enrollUser(alice);
            b.appendEvent(event(alice, 1, 10, "{}"), roomy);
            b.appendEvent(event(alice, 2, 20, "{}"), roomy);
            b.appendEvent(event(alice, 3, 30, "{}"), roomy);
        });
        inOneBatch(b -> b.pruneEventsBelow(21, 10));
        EventReader.Slice s = read(alice, 0);
        assertEquals(List.of(3L), cursors(s));
        assertEquals(3, s.oldestCursor());
        assertEquals(3, s.head());
        await(store.putUser(userRecord(alice, 10)));
        await(store.deleteUsers(List.of(alice)));
        assertEquals(Optional.empty(), await(store.eventsAfter(alice, 0, 10)));
        assertEquals(List.of(), await(store.loadMonitoredUsers()));
    }
}
