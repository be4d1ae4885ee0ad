package dev.vigil.towerserver.monitor;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchHint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.gatekeeper.UserWrites;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import java.lang.System.Logger.Level;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The channel watches, as the tower thread decides about them (docs/monitoring.md 1.3, 4.2, 7.4):
 * registration and removal with their slots and limits, the block's watch step (which watches a block
 * spends, their {@code funding_spent} events), disconnects (back to watching, with a retraction) and
 * the deletion of watches spent irrevocably deep.
 *
 * <p><b>What it keeps in memory.</b> Two indexes of 8-byte prefixes with counts
 * ({@link LocatorPrefixIndex}, ~13 to 26 bytes per distinct prefix): {@code hints}, the first 8 bytes of
 * each {@code hint} watch's hint, and {@code outpoints}, the first 8 bytes of each {@code outpoint}
 * watch's funding txid (what {@link Block#prevoutKey} reads). A prefix hit is a candidate, confirmed by
 * the store's record ({@link WatchLookup}): a collision costs a read, never a wrong event. Beside them,
 * each user's number of watches (for {@code monitor.watches.max-per-user}) and {@code spentAt}, the
 * spent watches by the height of their spend (at most {@code irrevocable-depth} blocks of them).
 *
 * <p><b>The block's cost.</b> One probe of the outpoint index per input while outpoint watches exist,
 * and one SHA256 and one probe per input whose last witness item is a 2-of-2 funding script while hint
 * watches exist; nothing is allocated per input that misses (the hashes go through one digest into one
 * buffer).
 *
 * <p>Tower thread only (each method checks it); not thread-safe. Its writes go into the open batch
 * ({@link WatchWrites}, {@link UserWrites}); its events through the {@link EventLog}.
 */
public final class ChannelWatch {
    private static final System.Logger LOG = System.getLogger(ChannelWatch.class.getName());
    /**
     * A watch costs one slot, the price of an appointment of up to one slot's size (docs/monitoring.md
     * 1.3): the gatekeeper prices it as a blob of one byte.
     */
    private static final int ONE_SLOT_BLOB = 1;

    /**
     * {@code monitor.watches.max-per-user}, {@code monitor.watches.kinds} and {@code monitor.irrevocable-depth}
     * (docs/monitoring.md 7.5): a spent watch is deleted, with its slot refunded, once the tip is at
     * {@code height + irrevocableDepth - 1} (its spend is then {@code irrevocableDepth} blocks deep).
     */
    public record Settings(int maxPerUser, Set<WatchKind> kinds, int irrevocableDepth) {
        public Settings {
            if (maxPerUser < 1 || irrevocableDepth < 1) {
                throw new IllegalArgumentException("max per user and irrevocable depth are positive: " + maxPerUser + ", " + irrevocableDepth);
            }
            kinds = Set.copyOf(kinds);
        }
    }

    /** What {@link #add} decided. */
    public sealed interface AddOutcome {
        /** Registered: the watch and the user after its charge are in the open batch. */
        record Added(StoredWatch watch, UserRecord charged) implements AddOutcome {}

        /** The user has this watch already: nothing is written nor charged (1.3: idempotent). */
        record AlreadyWatched(StoredWatch existing) implements AddOutcome {}

        /** The tower does not take this kind ({@code monitor.watches.kinds}; code 122). */
        record KindNotTaken(WatchKind kind) implements AddOutcome {}

        /** The user holds {@code max} watches already (code 123). */
        record TooManyWatches(int max) implements AddOutcome {}

        /** The user lacks {@code missing} slots (code 7, as {@code add_appointment}). */
        record NotEnoughSlots(long missing) implements AddOutcome {}
    }

    /** What {@link #remove} decided. */
    public sealed interface RemoveOutcome {
        /** Deleted, in the open batch; {@code refunded} is the user after its slots came back, if it still exists. */
        record Removed(StoredWatch watch, Optional<UserRecord> refunded) implements RemoveOutcome {}

        /** The user has no such watch. */
        record NotWatched() implements RemoveOutcome {}
    }

    /**
     * The in-memory state rebuilt from the stored watches ({@link #load}): filled on the store's thread and
     * handed to the tower thread through the completed stage, then given to the constructor.
     */
    public static final class Census {
        private final LocatorPrefixIndex hints = new LocatorPrefixIndex();
        private final LocatorPrefixIndex outpoints = new LocatorPrefixIndex();
        private final Map<UserId, Integer> counts = new HashMap<>();
        private final TreeMap<Long, List<StoredWatch>> spentAt = new TreeMap<>();

        /** Nothing stored. */
        public static Census empty() {
            return new Census();
        }

        private void add(StoredWatch w) {
            index(w.ref().kind()).add(locatorOf(w.ref().key()));
            counts.merge(w.user(), 1, Integer::sum);
            if (w.state() instanceof StoredWatch.State.Spent s) {
                spentAt.computeIfAbsent(s.height(), h -> new ArrayList<>()).add(w);
            }
        }

        private LocatorPrefixIndex index(WatchKind kind) {
            return kind == WatchKind.HINT ? hints : outpoints;
        }
    }

    /** Rebuilds the in-memory state from every stored watch; completes on the store's thread. */
    public static CompletionStage<Census> load(MonitorLoad load) {
        Census c = new Census();
        return load.forEachWatch(c::add).thenApply(n -> c);
    }

    private final TowerId tower;
    private final TowerThread owner;
    private final Settings settings;
    private final Gatekeeper gatekeeper;
    private final WatchLookup lookup;
    private final WatchWrites writes;
    private final UserWrites users;
    private final EventLog events;
    private final Census state;
    /** The hint's hash of one input at a time: the tag, the tower id, the prevout, the script (1.1). */
    private final MessageDigest digest = Hashes.sha256Digest();
    private final byte[] tag = WatchHint.tag();
    private final byte[] towerKey;
    private final byte[] hash = new byte[32];
    /** Whether a block's watch lookup is out: its answer comes back to this thread later. */
    private boolean lookupOut;
    /** The watches removed while a block's lookup was out: its answer must not write them again. */
    private final Set<WatchRef> removedDuringLookup = new HashSet<>();

    public ChannelWatch(TowerId tower, TowerThread owner, Settings settings, Gatekeeper gatekeeper, WatchLookup lookup,
            WatchWrites writes, UserWrites users, EventLog events, Census loaded) {
        this.tower = Objects.requireNonNull(tower, "tower");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gatekeeper = Objects.requireNonNull(gatekeeper, "gatekeeper");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.users = Objects.requireNonNull(users, "users");
        this.events = Objects.requireNonNull(events, "events");
        this.state = Objects.requireNonNull(loaded, "loaded");
        this.towerKey = tower.key().compressed().toArray();
    }

    /** How many watches the user holds. */
    public int watchCount(UserId user) {
        owner.checkOwner("counting a user's watches");
        return state.counts.getOrDefault(user, 0);
    }

    /** How many watches the tower holds. */
    public long size() {
        owner.checkOwner("counting the watches");
        return state.hints.size() + state.outpoints.size();
    }

    // ------------------------------------------------------------------ registration (1.3)

    /**
     * Registers the watch {@code ref} ({@code outpoint} present exactly for an {@code outpoint} watch) at
     * the tip {@code height}: charges one slot and adds the watch and the charged user to the open batch.
     * {@code existing} is what {@link WatchLookup#findWatch} read for {@code ref}; the caller reads it
     * after every earlier registration or removal of {@code ref} has committed (one such request per
     * watch at a time), so that a repeated registration is recognised and never charged twice.
     */
    public AddOutcome add(WatchRef ref, Optional<Outpoint> outpoint, long height, Optional<StoredWatch> existing) {
        owner.checkOwner("registering a watch");
        if (!settings.kinds().contains(ref.kind())) {
            return new AddOutcome.KindNotTaken(ref.kind());
        }
        if (existing.isPresent()) {
            return new AddOutcome.AlreadyWatched(existing.get());
        }
        // Built before the charge, so that a mistaken request (an outpoint that does not match its key) throws
        // with nothing charged.
        StoredWatch watch = new StoredWatch(ref, height, 1, outpoint, StoredWatch.WATCHING);
        if (watchCount(ref.user()) >= settings.maxPerUser()) {
            return new AddOutcome.TooManyWatches(settings.maxPerUser());
        }
        Gatekeeper.Charge charge = gatekeeper.charge(ref.user(), ONE_SLOT_BLOB, 0);
        if (charge instanceof Gatekeeper.Charge.NotEnoughSlots n) {
            return new AddOutcome.NotEnoughSlots(n.missing());
        }
        Gatekeeper.Charge.Charged charged = (Gatekeeper.Charge.Charged) charge;
        watch = new StoredWatch(ref, height, charged.slots(), outpoint, StoredWatch.WATCHING);
        writes.putWatch(watch);
        users.putUser(charged.user());
        state.add(watch);
        return new AddOutcome.Added(watch, charged.user());
    }

    /**
     * Removes the watch {@code ref} ({@code existing}: what {@link WatchLookup#findWatch} read for it, as
     * for {@link #add}) and refunds its slots, in the open batch. A spent watch goes at once, and a later
     * disconnect of its block retracts nothing: the user said it no longer cares (7.4).
     */
    public RemoveOutcome remove(WatchRef ref, Optional<StoredWatch> existing) {
        owner.checkOwner("removing a watch");
        if (existing.isEmpty() || !existing.get().ref().equals(ref)) {
            return new RemoveOutcome.NotWatched();
        }
        StoredWatch w = existing.get();
        Optional<UserRecord> refunded = drop(w);
        if (lookupOut) {
            removedDuringLookup.add(ref);
        }
        return new RemoveOutcome.Removed(w, refunded);
    }

    /**
     * The users were deleted (the store deletes their watches with them, in the open batch,
     * {@code UserWrites.deleteUsers}): their counts and spent watches are forgotten now; their keys are
     * read from the store (a read issued now, so before the batch that deletes them is committed: call this
     * before that commit) and leave the indexes when the stage completes, on the tower thread.
     */
    public CompletionStage<Void> forget(Collection<UserId> deleted) {
        owner.checkOwner("forgetting users' watches");
        if (deleted.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Set<UserId> gone = Set.copyOf(deleted);
        gone.forEach(state.counts::remove);
        state.spentAt.values().forEach(l -> l.removeIf(w -> gone.contains(w.user())));
        state.spentAt.values().removeIf(List::isEmpty);
        return lookup.watchesOf(gone).thenAcceptAsync(refs -> {
            for (WatchRef r : refs) {
                state.index(r.kind()).remove(locatorOf(r.key()));
            }
        }, owner);
    }

    // ------------------------------------------------------------------ the block (4.2, 4.4 step 5)

    /**
     * The block's watch step, on the tower thread with the block's batch open, after its breaches are
     * answered (4.4): deletes, with their slots refunded, the watches spent {@code irrevocable-depth}
     * blocks deep; finds the watches this block spends (probes here, then one store read for the
     * candidates) and, on the tower thread again, sets each to spent and appends its {@code funding_spent}
     * (in block order of the spending inputs) to the batch. The stage completes on the tower thread with
     * the number of watches spent, once every write is in the batch; it completes at once when the block
     * spends no candidate. The event log must be at this block ({@code EventLog.at}).
     */
    public CompletionStage<Integer> blockConnected(Block block, long height) {
        owner.checkOwner("the block's watch step");
        deleteIrrevocable(height);
        Map<WatchLookup.Key, List<Integer>> candidates = candidates(block);
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        lookupOut = true;
        return lookup.findWatches(candidates.keySet()).thenApplyAsync(found -> spend(block, height, candidates, found), owner);
    }

    /**
     * The block at {@code height} left the chain: every watch it spent is watching again, and its
     * {@code funding_spent} is retracted, in the disconnect's batch (3.5). The event log must be at the
     * block that leaves.
     */
    public void blockDisconnected(long height) {
        owner.checkOwner("undoing a block's spends");
        List<StoredWatch> undone = state.spentAt.remove(height);
        if (undone == null) {
            return;
        }
        for (StoredWatch w : undone) {
            writes.putWatch(w.withState(StoredWatch.WATCHING));
            long cursor = ((StoredWatch.State.Spent) w.state()).eventCursor();
            if (cursor > 0) {
                events.retract(w.user(), cursor, EventType.FUNDING_SPENT);
            }
        }
    }

    /** Candidate keys → the inputs that may spend them, in block order. */
    private Map<WatchLookup.Key, List<Integer>> candidates(Block block) {
        Map<WatchLookup.Key, List<Integer>> out = new LinkedHashMap<>();
        int n = block.inputCount();
        if (state.outpoints.size() > 0) {
            for (int k : state.outpoints.candidates(n, block::prevoutKey)) {
                Outpoint o = outpointOf(block, k);
                out.computeIfAbsent(new WatchLookup.Key(WatchKind.OUTPOINT, WatchId.of(o)), x -> new ArrayList<>()).add(k);
            }
        }
        if (state.hints.size() > 0) {
            int hashed = 0;
            for (int k = 0; k < n; k++) {
                if (block.fundingScriptAt(k) >= 0) {
                    hashed++;
                }
            }
            if (hashed == 0) {
                return out;
            }
            // The hints of the block's 2-of-2 inputs, packed 16 bytes each, probed in one pass.
            byte[] packed = new byte[hashed * WatchHint.LENGTH];
            int[] inputOf = new int[hashed];
            int i = 0;
            for (int k = 0; k < n; k++) {
                int script = block.fundingScriptAt(k);
                if (script >= 0) {
                    hintOf(block, k, script, packed, i * WatchHint.LENGTH);
                    inputOf[i++] = k;
                }
            }
            for (int hit : state.hints.candidates(packed)) {
                WatchId key = new WatchId(Bytes.of(packed, hit * WatchHint.LENGTH, WatchHint.LENGTH));
                out.computeIfAbsent(new WatchLookup.Key(WatchKind.HINT, key), x -> new ArrayList<>()).add(inputOf[hit]);
            }
        }
        return out;
    }

    /** 1.1's hint of input {@code k}, hashed in place from the raw block, into {@code dest} at {@code off}. */
    private void hintOf(Block block, int k, int scriptAt, byte[] dest, int off) {
        digest.reset();
        digest.update(tag);
        digest.update(towerKey);
        block.digestRaw(digest, block.prevoutOffset(k), Block.PREVOUT_LENGTH);
        block.digestRaw(digest, scriptAt, Block.FUNDING_SCRIPT_LENGTH);
        try {
            digest.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte buffer", e);
        }
        System.arraycopy(hash, 0, dest, off, WatchHint.LENGTH);
    }

    /** On the tower thread: the lookup's confirmed watches become spent, with their events. */
    private int spend(Block block, long height, Map<WatchLookup.Key, List<Integer>> candidates, List<StoredWatch> found) {
        owner.checkOwner("the block's watch step");
        BlockHash blockHash = new BlockHash(block.hash().internalOrder());
        // Block order of the spending inputs (2.3), then the store's order (key, user).
        TreeMap<Integer, List<StoredWatch>> byInput = new TreeMap<>();
        for (StoredWatch w : found) {
            for (int k : candidates.getOrDefault(new WatchLookup.Key(w.ref().kind(), w.ref().key()), List.of())) {
                if (confirms(block, k, w)) {
                    byInput.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
                }
            }
        }
        Map<Integer, Transaction> parsed = new HashMap<>();
        int spent = 0;
        for (Map.Entry<Integer, List<StoredWatch>> e : byInput.entrySet()) {
            int k = e.getKey();
            int t = block.inputTransaction(k);
            Transaction tx = parsed.computeIfAbsent(t, block::transaction);
            SpendClassifier.Spend s = SpendClassifier.classify(tx, inputIndexInTransaction(block, k));
            Outpoint funding = outpointOf(block, k);
            for (StoredWatch w : e.getValue()) {
                if (removedDuringLookup.contains(w.ref()) || w.state() instanceof StoredWatch.State.Spent) {
                    continue; // removed while the lookup was out; or spent already (one outpoint is spent once)
                }
                long cursor = announce(w, s, funding);
                StoredWatch now = w.withState(new StoredWatch.State.Spent(height, blockHash, s.txid(), s.input(), cursor));
                writes.putWatch(now);
                state.spentAt.computeIfAbsent(height, h -> new ArrayList<>()).add(now);
                spent++;
            }
        }
        lookupOut = false;
        removedDuringLookup.clear();
        return spent;
    }

    /**
     * Never throws: a {@code funding_spent} that cannot be made is logged and left out (cursor 0), since a
     * report must not fail the block, whose batch holds its breaches' writes.
     */
    private long announce(StoredWatch w, SpendClassifier.Spend s, Outpoint funding) {
        try {
            return events.append(w.user(), head -> s.event(head, w.ref().key(), w.ref().kind(), funding));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the funding_spent of watch " + w.ref() + " by " + s.txid() + " could not be made, and is left out of the"
                    + " user's log: " + e);
            return 0;
        }
    }

    /**
     * Whether input {@code k} spends the funding outpoint of {@code w}: a hint is the exact hash of that
     * input, so its key says it; an outpoint key holds only 12 bytes of the txid, so the whole outpoint
     * kept in the record is compared (1.1).
     */
    private static boolean confirms(Block block, int k, StoredWatch w) {
        return w.outpoint().map(o -> o.equals(outpointOf(block, k))).orElse(true);
    }

    private static Outpoint outpointOf(Block block, int k) {
        byte[] txid = new byte[Txid.LENGTH];
        block.copyRaw(block.prevoutOffset(k), txid, 0, Txid.LENGTH);
        return new Outpoint(Txid.ofInternal(txid), block.prevoutVout(k));
    }

    /** A transaction's inputs are consecutive in the block's input order: k's index is its distance from the first. */
    private static int inputIndexInTransaction(Block block, int k) {
        int t = block.inputTransaction(k);
        int first = k;
        while (first > 0 && block.inputTransaction(first - 1) == t) {
            first--;
        }
        return k - first;
    }

    /** Deletes, with their slots refunded, the watches whose spend is {@code irrevocable-depth} deep at {@code height} (7.4). */
    private void deleteIrrevocable(long height) {
        long deepest = height - settings.irrevocableDepth() + 1;
        while (!state.spentAt.isEmpty() && state.spentAt.firstKey() <= deepest) {
            for (StoredWatch w : List.copyOf(state.spentAt.firstEntry().getValue())) {
                drop(w);
            }
        }
    }

    /** Deletes the watch in the open batch and from memory, and refunds its slots. */
    private Optional<UserRecord> drop(StoredWatch w) {
        writes.removeWatch(w.ref());
        Optional<UserRecord> refunded = gatekeeper.refund(w.user(), w.slots());
        refunded.ifPresent(users::putUser);
        state.index(w.ref().kind()).remove(locatorOf(w.ref().key()));
        state.counts.computeIfPresent(w.user(), (u, c) -> c > 1 ? c - 1 : null);
        // By name, whatever state the caller's copy shows: a spend in a batch not yet committed is in
        // memory only, and must not be deleted (and refunded) a second time at depth.
        state.spentAt.values().forEach(at -> at.removeIf(x -> x.ref().equals(w.ref())));
        state.spentAt.values().removeIf(List::isEmpty);
        return refunded;
    }

    /** The index keys a watch by its key's first 8 bytes, as it keys a locator. */
    private static Locator locatorOf(WatchId key) {
        return new Locator(key.value());
    }
}
