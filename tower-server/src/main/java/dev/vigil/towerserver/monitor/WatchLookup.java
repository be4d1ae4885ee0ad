package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: the watch records behind the in-memory indexes' candidates (docs/monitoring.md 4.2, 7.2),
 * implemented by the store.
 *
 * <p><b>Contract.</b> Any thread may call; each read is one store operation, queued in issue order
 * behind the writes issued before it (as the breach lookup), and its stage completes on the store's
 * thread: a caller hops back to the tower thread before it touches tower state.
 */
public interface WatchLookup {
    /** A watch's kind and key, every user's watch under them. */
    record Key(WatchKind kind, WatchId key) {
        public Key {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Every stored watch under these keys, of every user, in key then user order; each at most once. */
    CompletionStage<List<StoredWatch>> findWatches(Collection<Key> keys);

    /** The stored watch, if any. */
    CompletionStage<Optional<StoredWatch>> findWatch(WatchRef watch);

    /** Every watch of these users (from {@code user_watches}, keys only), in user then kind and key order. */
    CompletionStage<List<WatchRef>> watchesOf(Collection<UserId> users);
}
