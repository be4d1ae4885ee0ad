package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.key;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.tracker;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.Tracker.Status.Confirmed;
import dev.vigil.towerserver.responder.Tracker.Status.InMempool;
import dev.vigil.towerserver.responder.Tracker.Status.SpentElsewhere;
import dev.vigil.towerserver.responder.Tracker.Status.Unsent;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store must have, whatever it stores on: the contracts of {@code UserLedger},
 * {@code AppointmentBook}, {@code BreachLookup}, {@code LocatorScan}, {@code SettlementLedger},
 * {@code TrackerLedger}, {@code TowerKeyStore} and the chain follower's {@code TipStore}, plus the
 * engine's batching, failure and close rules. Run by one subclass per implementation.
 */
abstract class TowerStoreContract {
    private final List<TowerStore> opened = new ArrayList<>();

    /** The switches every store this test opens obeys: its commits fail or wait on command. */
    protected final FaultInjectingTables.Faults faults = new FaultInjectingTables.Faults();

    /** A new, empty store whose commits obey {@code faults}. */
    protected abstract TowerStore newStore(int maxBatch, FaultInjectingTables.Faults faults);

    protected final TowerStore store() {
        return track(newStore(TowerStore.DEFAULT_MAX_BATCH, faults));
    }

    protected final <S extends TowerStore> S track(S store) {
        opened.add(store);
        return store;
    }

    /** Keeps a store's owner thread busy (a read whose sink waits) until released. */
    static final class OwnerHold {
        private final CountDownLatch release = new CountDownLatch(1);
        private CompletionStage<Long> read;

        /** Needs one stored appointment; returns once the owner thread is held. */
        static OwnerHold on(TowerStore s) throws InterruptedException {
            await(s.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(1), 1)));
            OwnerHold h = new OwnerHold();
            CountDownLatch held = new CountDownLatch(1);
            h.read = s.forEachLocator(l -> {
                held.countDown();
                try {
                    h.release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(held.await(30, TimeUnit.SECONDS));
            return h;
        }

        void release() {
            release.countDown();
            await(read);
        }
    }

    @AfterEach
    void closeStores() {
        for (TowerStore s : opened) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ listings (the admin commands' pages)

    @Test
    void appointmentsAndTrackersAreListedInPagesInKeyOrderWithNoneLostOrRepeated() {
        TowerStore s = store();
        List<StoredAppointment> all = new ArrayList<>();
        for (int u = 1; u <= 3; u++) {
            for (int i = 0; i < 9; i++) {
                StoredAppointment a = appointment(user(u), locator(i * 3 + u % 2), i);
                all.add(a);
                await(s.putAppointment(a, userRecord(user(u), 100 - i)));
            }
        }
        all.sort(Comparator.comparing((StoredAppointment a) -> a.appointment().locator().value())
                .thenComparing(a -> a.user().key().compressed()));
        List<StoredAppointment> paged = new ArrayList<>();
        Optional<TowerStore.AppointmentKey> after = Optional.empty();
        while (true) {
            List<StoredAppointment> page = await(s.appointmentsAfter(after, 4));
            assertTrue(page.size() <= 4);
            paged.addAll(page);
            if (page.size() < 4) {
                break;
            }
            StoredAppointment last = page.get(3);
            after = Optional.of(new TowerStore.AppointmentKey(last.appointment().locator(), last.user()));
        }
        assertEquals(all, paged);
        List<Tracker> trackers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            trackers.add(tracker(user(1), i));
            await(s.putTracker(trackers.get(i)));
        }
        trackers.sort(Comparator.comparing(t -> t.id().value()));
        List<Tracker> first = await(s.trackersAfter(Optional.empty(), 3));
        assertEquals(trackers.subList(0, 3), first);
        assertEquals(trackers.subList(3, 5), await(s.trackersAfter(Optional.of(first.get(2).id()), 3)));
        assertEquals(List.of(), await(s.trackersAfter(Optional.of(trackers.get(4).id()), 3)));
    }

    // ------------------------------------------------------------------ users

    @Test
    void usersAreStoredReplacedAndLoaded() {
        TowerStore s = store();
        assertEquals(List.of(), await(s.loadUsers()));
        await(s.putUser(userRecord(user(1), 10)));
        await(s.putUser(userRecord(user(2), 20)));
        await(s.putUser(userRecord(user(1), 11)));
        assertEquals(Set.of(userRecord(user(1), 11), userRecord(user(2), 20)), Set.copyOf(await(s.loadUsers())));
    }

    @Test
    void deleteUsersCascadesToTheirAppointmentsOnly() {
        TowerStore s = store();
        UserId alice = user(1);
        UserId bob = user(2);
        Locator shared = locator(7);
        await(s.putAppointment(appointment(alice, shared, 1), userRecord(alice, 9)));
        await(s.putAppointment(appointment(alice, locator(8), 2), userRecord(alice, 8)));
        StoredAppointment bobs = appointment(bob, shared, 3);
        await(s.putAppointment(bobs, userRecord(bob, 5)));

        await(s.deleteUsers(List.of(alice, user(99))));

        assertEquals(List.of(userRecord(bob, 5)), await(s.loadUsers()));
        assertEquals(List.of(bobs), await(s.findByLocators(List.of(shared, locator(8)))));
        assertEquals(List.of(), await(s.locatorsOf(alice)));
        assertEquals(Optional.empty(), await(s.findAppointment(locator(8), alice)));
        List<Locator> all = new ArrayList<>();
        assertEquals(1L, await(s.forEachLocator(all::add)));
        assertEquals(List.of(shared), all);
    }

    // ------------------------------------------------------------------ appointments

    @Test
    void anAppointmentIsStoredWithItsChargedUserInOneWrite() {
        TowerStore s = store();
        StoredAppointment a = appointment(user(1), locator(1), 1);
        await(s.putAppointment(a, userRecord(user(1), 99)));
        assertEquals(Optional.of(a), await(s.findAppointment(locator(1), user(1))));
        assertEquals(List.of(userRecord(user(1), 99)), await(s.loadUsers()));
        assertEquals(Optional.empty(), await(s.findAppointment(locator(1), user(2))));
        assertEquals(Optional.empty(), await(s.findAppointment(locator(2), user(1))));
    }

    @Test
    void theSameUserOnTheSameLocatorReplaces() {
        TowerStore s = store();
        StoredAppointment first = appointment(user(1), locator(1), 1);
        StoredAppointment second = appointment(user(1), locator(1), 2);
        await(s.putAppointment(first, userRecord(user(1), 9)));
        await(s.putAppointment(second, userRecord(user(1), 8)));
        assertEquals(List.of(second), await(s.findByLocators(List.of(locator(1)))));
        assertEquals(List.of(locator(1)), await(s.locatorsOf(user(1))));
        assertEquals(List.of(userRecord(user(1), 8)), await(s.loadUsers()));
        assertEquals(1L, await(s.forEachLocator(l -> { })));
    }

    @Test
    void aPutWhoseChargedUserIsAnotherUserIsRefusedAndStoresNothing() {
        TowerStore s = store();
        assertThrows(IllegalArgumentException.class,
                () -> s.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(2), 1)));
        assertEquals(List.of(), await(s.loadUsers()));
        assertEquals(0L, await(s.forEachLocator(l -> { })));
    }

    @Test
    void locatorLookupsAreExactEvenWhenLocatorsShareAPrefix() {
        TowerStore s = store();
        // Same first 8 bytes (what the index keys on), same first 15 bytes, and a last byte of 0xff.
        Locator a = locator(0x0102030405060708L, 0x0000000000000001L);
        Locator sameHigh = locator(0x0102030405060708L, 0x0000000000000002L);
        Locator same15 = locator(0x0102030405060708L, 0x0000000000000101L);
        Locator lastFf = locator(0x0102030405060708L, 0x00000000000000ffL);
        Locator next = locator(0x0102030405060709L, 0x0000000000000001L);
        int n = 0;
        for (Locator l : List.of(a, sameHigh, same15, lastFf, next)) {
            await(s.putAppointment(appointment(user(1), l, ++n), userRecord(user(1), 100 - n)));
        }
        assertEquals(List.of(appointment(user(1), a, 1)), await(s.findByLocators(List.of(a))));
        assertEquals(List.of(appointment(user(1), lastFf, 4)), await(s.findByLocators(List.of(lastFf))));
        assertEquals(List.of(), await(s.findByLocators(List.of(locator(0x0102030405060708L, 0)))));
        assertEquals(List.of(), await(s.findByLocators(List.of(locator(0x0102030405060708L, -1L)))));
        assertEquals(List.of(appointment(user(1), next, 5)), await(s.findByLocators(List.of(next))));
    }

    @Test
    void findByLocatorsReturnsEveryUsersAppointmentOnceInKeyOrder() {
        TowerStore s = store();
        Locator l1 = locator(1);
        Locator l2 = locator(2);
        for (int u = 3; u >= 1; u--) {
            await(s.putAppointment(appointment(user(u), l1, u), userRecord(user(u), 1)));
        }
        await(s.putAppointment(appointment(user(1), l2, 10), userRecord(user(1), 1)));

        List<StoredAppointment> found = await(s.findByLocators(List.of(l2, l1, l2, locator(3))));

        List<StoredAppointment> expected = new ArrayList<>();
        for (int u = 1; u <= 3; u++) {
            expected.add(appointment(user(u), l1, u));
        }
        expected.add(appointment(user(1), l2, 10));
        expected.sort(Comparator.comparing((StoredAppointment a) -> a.appointment().locator().value())
                .thenComparing(a -> a.user().key().compressed()));
        assertEquals(expected, found);
        assertEquals(List.of(), await(s.findByLocators(List.of())));
    }

    @Test
    void locatorsOfListsOnlyThatUsersLocatorsInOrder() {
        TowerStore s = store();
        List<Locator> mine = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mine.add(locator(i));
            await(s.putAppointment(appointment(user(1), locator(i), i), userRecord(user(1), 100 - i)));
            await(s.putAppointment(appointment(user(2), locator(100 + i), i), userRecord(user(2), 100 - i)));
        }
        mine.sort((x, y) -> x.value().compareTo(y.value()));
        assertEquals(mine, await(s.locatorsOf(user(1))));
        assertEquals(List.of(), await(s.locatorsOf(user(3))));
    }

    @Test
    void removeAppointmentsRefundsInTheSameWriteAndIgnoresMissingOnes() {
        TowerStore s = store();
        StoredAppointment a = appointment(user(1), locator(1), 1);
        StoredAppointment b = appointment(user(1), locator(2), 2);
        StoredAppointment other = appointment(user(2), locator(1), 3);
        await(s.putAppointment(a, userRecord(user(1), 9)));
        await(s.putAppointment(b, userRecord(user(1), 8)));
        await(s.putAppointment(other, userRecord(user(2), 7)));

        StoredAppointment neverStored = appointment(user(3), locator(9), 9);
        await(s.removeAppointments(List.of(a, neverStored), List.of(userRecord(user(1), 9 + a.slots()))));

        assertEquals(Optional.empty(), await(s.findAppointment(locator(1), user(1))));
        assertEquals(List.of(other), await(s.findByLocators(List.of(locator(1)))));
        assertEquals(List.of(locator(2)), await(s.locatorsOf(user(1))));
        assertEquals(Set.of(userRecord(user(1), 9 + a.slots()), userRecord(user(2), 7)), Set.copyOf(await(s.loadUsers())));
        // Removing again is not an error and changes nothing.
        await(s.removeAppointments(List.of(a), List.of()));
        assertEquals(2L, await(s.forEachLocator(l -> { })));
    }

    @Test
    void forEachLocatorFeedsOneLocatorPerAppointment() {
        TowerStore s = store();
        List<Locator> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            await(s.putAppointment(appointment(user(i % 3), locator(i % 20), i), userRecord(user(i % 3), 1)));
        }
        for (int i = 0; i < 50; i++) {
            Locator l = locator(i % 20);
            // (user, locator) pairs repeat from i = 60 on only, so all 50 are distinct.
            expected.add(l);
        }
        List<Locator> seen = new ArrayList<>();
        assertEquals(50L, await(s.forEachLocator(seen::add)));
        Collections.sort(seen, (x, y) -> x.value().compareTo(y.value()));
        expected.sort((x, y) -> x.value().compareTo(y.value()));
        assertEquals(expected, seen);
    }

    @Test
    void aFailingSinkFailsOnlyTheScan() {
        TowerStore s = store();
        await(s.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(1), 1)));
        Throwable e = failure(s.forEachLocator(l -> {
            throw new IllegalStateException("sink broke");
        }));
        assertEquals("sink broke", e.getMessage());
        assertEquals(1L, await(s.forEachLocator(l -> { })));
    }

    // ------------------------------------------------------------------ trackers

    /** The order {@code loadTrackers} promises: by appointment id, unsigned. */
    static List<Tracker> byId(List<Tracker> trackers) {
        List<Tracker> sorted = new ArrayList<>(trackers);
        sorted.sort(Comparator.comparing((Tracker t) -> t.id().value()));
        return sorted;
    }

    @Test
    void trackersArePutReplacedLoadedInIdOrderAndRemoved() {
        TowerStore s = store();
        assertEquals(List.of(), await(s.loadTrackers()));
        StoredAppointment a = appointment(user(1), locator(1), 1);
        await(s.putAppointment(a, userRecord(user(1), 5)));
        List<Tracker> trackers = new ArrayList<>(List.of(
                tracker(user(1), 1, new Unsent(800_001, "not sent yet")),
                tracker(user(1), 2, new InMempool(800_002, 800_003)),
                tracker(user(2), 3, new Confirmed(800_004)),
                tracker(user(3), 4, new SpentElsewhere(800_005))));
        for (Tracker t : trackers) {
            await(s.putTracker(t));
        }
        trackers = byId(trackers);
        assertEquals(trackers, await(s.loadTrackers()));

        Tracker replaced = trackers.get(1).withStatus(new Confirmed(900_000)).withDisputeHeight(-1);
        await(s.putTracker(replaced));
        trackers.set(1, replaced);
        assertEquals(trackers, await(s.loadTrackers()));

        await(s.forgetTracker(trackers.get(0).id(), Optional.empty()));
        await(s.forgetTracker(trackers.get(0).id(), Optional.empty())); // again: not an error
        await(s.forgetTracker(tracker(user(9), 9).id(), Optional.empty())); // never stored: not an error
        assertEquals(trackers.subList(1, 4), await(s.loadTrackers()));
        // Trackers live beside users and appointments, not in them.
        assertEquals(List.of(userRecord(user(1), 5)), await(s.loadUsers()));
        assertEquals(List.of(a), await(s.findByLocators(List.of(locator(1)))));
    }

    @Test
    void forgettingATrackerStoresItsRefundInTheSameCommit() {
        TowerStore s = store();
        Tracker t = tracker(user(1), 1);
        Tracker other = tracker(user(2), 2);
        await(s.putUser(userRecord(user(1), 5)));
        await(s.putTracker(t));
        await(s.putTracker(other));
        long commits = s.commitCount();
        await(s.forgetTracker(t.id(), Optional.of(userRecord(user(1), 6))));
        assertEquals(commits + 1, s.commitCount(), "one commit");
        assertEquals(List.of(other), await(s.loadTrackers()));
        assertEquals(List.of(userRecord(user(1), 6)), await(s.loadUsers()));
        // Without a refund (a breach answered by someone else), only the tracker goes.
        await(s.forgetTracker(other.id(), Optional.empty()));
        assertEquals(List.of(), await(s.loadTrackers()));
        assertEquals(List.of(userRecord(user(1), 6)), await(s.loadUsers()));
        // A failed commit applies neither.
        await(s.putTracker(t));
        faults.failNextCommits(1);
        assertInstanceOf(CommitFailedException.class, failure(s.forgetTracker(t.id(), Optional.of(userRecord(user(1), 7)))));
        assertEquals(List.of(t), await(s.loadTrackers()));
        assertEquals(List.of(userRecord(user(1), 6)), await(s.loadUsers()));
    }

    @Test
    void deleteUsersKeepsTheirTrackers() {
        TowerStore s = store();
        UserId alice = user(1);
        await(s.putAppointment(appointment(alice, locator(1), 1), userRecord(alice, 9)));
        Tracker answered = tracker(alice, 5);
        Tracker othersTracker = tracker(user(2), 6);
        await(s.putTracker(answered));
        await(s.putTracker(othersTracker));

        await(s.deleteUsers(List.of(alice)));

        assertEquals(List.of(), await(s.loadUsers()));
        assertEquals(List.of(), await(s.locatorsOf(alice)));
        assertEquals(byId(List.of(answered, othersTracker)), await(s.loadTrackers()));
    }

    @Test
    void trackerWritesApplyAndCompleteInIssueOrderAmongOtherWrites() {
        TowerStore s = store();
        Tracker a = tracker(user(1), 1);
        Tracker b = tracker(user(1), 2);
        List<Integer> completions = new CopyOnWriteArrayList<>();
        List<CompletionStage<Void>> stages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<CompletionStage<Void>> round = List.of(
                    s.putTracker(a.withStatus(new InMempool(i, i))),
                    s.putUser(userRecord(user(1), i)),
                    i % 2 == 0 ? s.putTracker(b) : s.forgetTracker(b.id(), Optional.empty()));
            for (CompletionStage<Void> st : round) {
                int n = stages.size();
                stages.add(st.thenRun(() -> completions.add(n)));
            }
        }
        // Issued right after, not waited for: must see the last writes before it (199 is odd: b removed).
        CompletionStage<List<Tracker>> read = s.loadTrackers();
        assertEquals(List.of(a.withStatus(new InMempool(199, 199))), await(read));
        stages.forEach(Fixtures::await);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            expected.add(i);
        }
        assertEquals(expected, completions);
        assertEquals(List.of(userRecord(user(1), 199)), await(s.loadUsers()));
    }

    @Test
    void aReadAheadOfEveryWriteOfItsBatchDoesNotWaitForTheCommitNorShareItsFailure() throws Exception {
        TowerStore s = store();
        await(s.putUser(userRecord(user(2), 7)));
        OwnerHold hold = OwnerHold.on(s);
        faults.failNextCommits(1);
        faults.delayCommits(java.time.Duration.ofSeconds(1));
        CompletionStage<List<UserRecord>> ahead = s.loadUsers();
        CompletionStage<Void> write = s.putUser(userRecord(user(2), 8));
        CompletionStage<List<UserRecord>> behind = s.loadUsers();
        hold.release();
        // Completed before the (slow, failing) commit: it saw the committed state only.
        List<UserRecord> seen = await(ahead);
        assertFalse(write.toCompletableFuture().isDone(), "the read did not wait for its batch's commit");
        assertTrue(seen.contains(userRecord(user(2), 7)), seen.toString());
        assertInstanceOf(CommitFailedException.class, failure(write));
        assertInstanceOf(CommitFailedException.class, failure(behind), "a read after a write shares the batch's fate");
        faults.delayCommits(java.time.Duration.ZERO);
        assertTrue(await(s.loadUsers()).contains(userRecord(user(2), 7)));
    }

    @Test
    void aFailedCommitFailsTheTrackerWritesOfItsBatchAndLeavesNoTrace() throws Exception {
        TowerStore s = store();
        Tracker kept = tracker(user(1), 1);
        Tracker other = tracker(user(1), 2);
        await(s.putTracker(kept));
        await(s.putTracker(other));
        List<Tracker> before = byId(List.of(kept, other));
        OwnerHold hold = OwnerHold.on(s);
        faults.failNextCommits(1);
        List<CompletionStage<?>> batch = List.of(
                s.putTracker(kept.withStatus(new Confirmed(1))),
                s.putTracker(tracker(user(2), 3)),
                s.forgetTracker(other.id(), Optional.empty()),
                s.loadTrackers(),
                s.putUser(userRecord(user(1), 2)));
        hold.release();

        for (CompletionStage<?> st : batch) {
            assertInstanceOf(CommitFailedException.class, failure(st));
        }
        assertEquals(before, await(s.loadTrackers()));
        // A tracker write alone: its stage fails with its commit, and nothing changed.
        faults.failNextCommits(1);
        assertInstanceOf(CommitFailedException.class, failure(s.forgetTracker(kept.id(), Optional.empty())));
        assertEquals(before, await(s.loadTrackers()));
        await(s.forgetTracker(kept.id(), Optional.empty()));
        assertEquals(List.of(other), await(s.loadTrackers()));
    }

    @Test
    void aTrackerThatCouldNotBeReadBackIsRefusedAndStoresNothing() {
        TowerStore s = store();
        Tracker t = tracker(user(1), 1);
        Tracker filedUnderAnotherUser = new Tracker(AppointmentId.of(t.locator(), user(2)), t.user(), t.locator(), t.slots(),
                t.disputeTxid(), t.disputeTx(), t.penaltyTxid(), t.penaltyTx(), t.disputeHeight(), t.status());
        assertThrows(IllegalArgumentException.class, () -> s.putTracker(filedUnderAnotherUser));
        assertThrows(IllegalArgumentException.class, () -> s.putTracker(t.withStatus(new Unsent(-1, "reorg below genesis"))));
        assertEquals(List.of(), await(s.loadTrackers()));
    }

    @Test
    void aLongAnswerIsStoredCutToAThousandBytes() {
        TowerStore s = store();
        Tracker t = tracker(user(1), 1, new Unsent(5, "x".repeat(1_500)));
        await(s.putTracker(t));
        assertEquals(List.of(t.withStatus(new Unsent(5, "x".repeat(1_000)))), await(s.loadTrackers()));
    }

    // ------------------------------------------------------------------ tower key and tip

    @Test
    void theTowerKeyIsCreatedOnceAndThenReadBack() {
        TowerStore s = store();
        AtomicInteger generated = new AtomicInteger();
        PrivateKey first = await(s.loadOrCreateTowerKey(() -> {
            generated.incrementAndGet();
            return key(1);
        }));
        PrivateKey second = await(s.loadOrCreateTowerKey(() -> {
            generated.incrementAndGet();
            return key(2);
        }));
        assertEquals(key(1), first);
        assertEquals(key(1), second);
        assertEquals(1, generated.get());
    }

    @Test
    void aFailingKeyGeneratorFailsThatCallAloneAndStoresNothing() {
        TowerStore s = store();
        CompletionStage<Void> before = s.putUser(userRecord(user(1), 1));
        CompletionStage<PrivateKey> failing = s.loadOrCreateTowerKey(() -> {
            throw new IllegalStateException("no entropy");
        });
        CompletionStage<Void> after = s.putUser(userRecord(user(2), 2));
        assertEquals("no entropy", failure(failing).getMessage());
        await(before);
        await(after);
        assertEquals(key(3), await(s.loadOrCreateTowerKey(() -> key(3))));
    }

    @Test
    void theTipIsEmptyThenTheLastSaved() {
        TowerStore s = store();
        assertEquals(Optional.empty(), s.load());
        ChainTip t1 = new ChainTip(new Hash256(Bytes.of(new byte[32])), 0);
        byte[] h = new byte[32];
        h[0] = 1;
        h[31] = (byte) 0xff;
        ChainTip t2 = new ChainTip(new Hash256(Bytes.of(h)), Integer.MAX_VALUE);
        s.save(t1);
        assertEquals(Optional.of(t1), s.load());
        s.save(t2);
        assertEquals(Optional.of(t2), s.load());
    }

    @Test
    void theTipIsReadBlockingButNeverOnTheStoresOwnThreadAndSavedWithoutWaiting() throws Exception {
        TowerStore s = store();
        ChainTip tip = new ChainTip(new Hash256(Bytes.of(new byte[32])), 1);
        OwnerHold hold = OwnerHold.on(s);
        // Attached while the stages are certainly pending: the callbacks run on the store's thread.
        CompletionStage<Optional<ChainTip>> loading = s.loadUsers().thenApply(u -> s.load());
        s.save(tip); // returns while the store's thread is held: it only queues the write
        CompletionStage<Void> savedOnOwner = s.loadUsers().thenRun(() -> s.save(tip));
        hold.release();
        Throwable onOwner = failure(loading);
        assertInstanceOf(IllegalStateException.class, onOwner);
        assertTrue(onOwner.getMessage().contains("own thread"), onOwner.getMessage());
        await(savedOnOwner);
        assertEquals(Optional.of(tip), s.load(), "the save is applied in issue order, before the later read");
    }

    // ------------------------------------------------------------------ ordering, threading, batching

    @Test
    void writesApplyAndCompleteInIssueOrderAndReadsSeeEarlierWrites() {
        TowerStore s = store();
        List<Integer> completions = new CopyOnWriteArrayList<>();
        List<CompletionStage<Void>> stages = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            stages.add(s.putUser(userRecord(user(1), n)).thenRun(() -> completions.add(n)));
        }
        // Issued right after, not waited for: must see the last write before it.
        CompletionStage<List<UserRecord>> read = s.loadUsers();
        assertEquals(List.of(userRecord(user(1), 499)), await(read));
        stages.forEach(Fixtures::await);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(i);
        }
        assertEquals(expected, completions);
    }

    @Test
    void stagesCompleteOnTheStoresThread() throws Exception {
        TowerStore s = store();
        OwnerHold hold = OwnerHold.on(s);
        // Dependents attached while the stages are certainly pending run where the stages complete.
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CompletionStage<Void> write = s.putUser(userRecord(user(1), 2)).thenRun(() -> threads.add(Thread.currentThread().getName()));
        CompletionStage<Void> read = s.loadUsers().thenRun(() -> threads.add(Thread.currentThread().getName()));
        hold.release();
        await(write);
        await(read);
        assertEquals(1, threads.size(), threads.toString());
        assertTrue(threads.iterator().next().startsWith("vigil-store"), threads.toString());
    }

    @Test
    void concurrentWritesShareCommitsButNoBatchExceedsMaxBatch() throws Exception {
        TowerStore s = track(newStore(16, faults));
        faults.delayCommits(java.time.Duration.ofMillis(2)); // every commit takes a while: writers pile up behind it
        int writers = 4;
        int perWriter = 100;
        Fixtures.putConcurrently(s, writers, perWriter);
        int puts = writers * perWriter;
        assertTrue(s.commitCount() >= puts / 16, "at most 16 operations per commit: " + s.commitCount());
        assertTrue(s.commitCount() < puts / 2, "group commit: " + s.commitCount() + " commits for " + puts + " puts");
        assertEquals((long) puts, await(s.forEachLocator(l -> { })));
    }

    @Test
    void readOnlyBatchesDoNotCommit() {
        TowerStore s = store();
        await(s.putUser(userRecord(user(1), 1)));
        long commits = s.commitCount();
        await(s.loadUsers());
        await(s.findByLocators(List.of(locator(1))));
        await(s.loadOrCreateTowerKey(() -> key(1)));
        long afterKey = s.commitCount();
        assertEquals(commits + 1, afterKey, "only the key creation committed");
        await(s.loadOrCreateTowerKey(() -> key(2)));
        assertEquals(afterKey, s.commitCount());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aFailedCommitFailsEveryStageOfItsBatchAndLeavesNoTrace() throws Exception {
        TowerStore s = store();
        await(s.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(1), 1)));
        // Hold the owner thread, so that the next operations queue up into one batch.
        OwnerHold hold = OwnerHold.on(s);
        faults.failNextCommits(1);
        List<CompletionStage<?>> batch = new ArrayList<>();
        batch.add(s.putUser(userRecord(user(1), 2)));
        batch.add(s.putAppointment(appointment(user(2), locator(2), 2), userRecord(user(2), 5)));
        batch.add(s.loadUsers());
        batch.add(s.putTracker(tracker(user(1), 7)));
        batch.add(s.removeAppointments(List.of(appointment(user(1), locator(1), 1)), List.of()));
        hold.release();

        for (CompletionStage<?> st : batch) {
            assertInstanceOf(CommitFailedException.class, failure(st));
        }
        assertEquals(List.of(userRecord(user(1), 1)), await(s.loadUsers()));
        assertEquals(List.of(), await(s.loadTrackers()));
        assertEquals(List.of(appointment(user(1), locator(1), 1)), await(s.findByLocators(List.of(locator(1), locator(2)))));
        assertEquals(List.of(), await(s.locatorsOf(user(2))));
        // Still usable.
        await(s.putUser(userRecord(user(3), 3)));
        assertTrue(await(s.loadUsers()).contains(userRecord(user(3), 3)));
    }

    @Test
    void aFailedCommitOfOneWriteRollsItBackCompletely() {
        TowerStore s = store();
        StoredAppointment a = appointment(user(1), locator(1), 1);
        await(s.putAppointment(a, userRecord(user(1), 10)));
        faults.failNextCommits(2);
        StoredAppointment replacement = appointment(user(1), locator(1), 2);
        assertInstanceOf(CommitFailedException.class,
                failure(s.putAppointment(replacement, userRecord(user(1), 9))));
        assertInstanceOf(CommitFailedException.class,
                failure(s.removeAppointments(List.of(a), List.of(userRecord(user(1), 11)))));
        assertEquals(Optional.of(a), await(s.findAppointment(locator(1), user(1))));
        assertEquals(List.of(userRecord(user(1), 10)), await(s.loadUsers()));
        assertEquals(List.of(locator(1)), await(s.locatorsOf(user(1))));
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeFinishesQueuedWorkAndRefusesLaterWork() {
        TowerStore s = store();
        List<CompletionStage<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(s.putUser(userRecord(user(i), i)));
        }
        s.close();
        queued.forEach(Fixtures::await);
        assertInstanceOf(StoreUnavailableException.class, failure(s.loadUsers()));
        assertInstanceOf(StoreUnavailableException.class, failure(s.putUser(userRecord(user(1), 1))));
        s.close(); // idempotent
        await(s.closeAsync());
    }

    @Test
    void closeFromAStageCallbackDoesNotDeadlock() {
        TowerStore s = store();
        await(s.putUser(userRecord(user(1), 1)).thenRun(s::close));
        await(s.closeAsync());
        assertInstanceOf(StoreUnavailableException.class, failure(s.loadUsers()));
    }

    // ------------------------------------------------------------------ a block's batch

    @Test
    void aBlockBatchReachesTheStoreOnlyAtItsCommitAndThenWholeInOneCommitWithItsTip() {
        TowerStore s = store();
        Tracker kept = tracker(user(1), 1);
        Tracker forgotten = tracker(user(1), 2);
        StoredAppointment answered = appointment(user(1), locator(1), 1);
        StoredAppointment expiring = appointment(user(2), locator(2), 2);
        await(s.putTracker(forgotten));
        await(s.putAppointment(answered, userRecord(user(1), 9)));
        await(s.putAppointment(expiring, userRecord(user(2), 9)));

        BlockBatch batch = s.open();
        batch.putTracker(kept);
        batch.forgetTracker(forgotten.id());
        batch.removeAppointments(List.of(answered));
        batch.putUser(userRecord(user(1), 10));
        batch.deleteUsers(List.of(user(2)));
        ChainTip tip = new ChainTip(new Hash256(Bytes.of(new byte[32])), 7);
        assertEquals(List.of(forgotten), await(s.loadTrackers()), "nothing of the batch before its commit");
        assertEquals(2L, await(s.forEachLocator(l -> { })));

        long before = s.commitCount();
        await(batch.commit(Optional.of(tip)));
        assertEquals(before + 1, s.commitCount(), "one commit");
        assertEquals(List.of(kept), await(s.loadTrackers()));
        assertEquals(0L, await(s.forEachLocator(l -> { })), "the answered and the expired user's appointments are gone");
        assertEquals(List.of(userRecord(user(1), 10)), await(s.loadUsers()));
        assertEquals(Optional.of(tip), s.load());
        s.save(tip); // the follower, after the listener returned
        assertEquals(Optional.of(tip), s.load());
        assertEquals(before + 1, s.commitCount(), "saving the tip the batch wrote writes nothing");
        assertThrows(IllegalStateException.class, () -> batch.putUser(userRecord(user(1), 11)), "a committed batch takes no more");
    }

    @Test
    void aBlockBatchThatFailsToCommitLeavesNothingAndStopsTheStore() throws Exception {
        TowerStore s = store();
        await(s.putUser(userRecord(user(1), 9)));
        BlockBatch batch = s.open();
        batch.putUser(userRecord(user(1), 10));
        batch.putTracker(tracker(user(1), 1));
        faults.failNextCommits(1);
        assertInstanceOf(CommitFailedException.class, failure(batch.commit(Optional.of(new ChainTip(new Hash256(Bytes.of(new byte[32])), 7)))));
        StoreUnavailableException why = s.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(why.getMessage().contains("block 7"), why.getMessage());
        assertInstanceOf(StoreUnavailableException.class, failure(s.loadUsers()), "every later operation is refused");
    }
}
