package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One watch as the store keeps it (docs/monitoring.md 3.1, {@code watches}): whose, which kind and key,
 * when it was registered, the slots it holds, for an {@code outpoint} watch the full outpoint (its key
 * holds only 12 bytes of the txid), and whether a block has spent it.
 */
public record StoredWatch(WatchRef ref, long registeredHeight, long slots, Optional<Outpoint> outpoint, State state) {
    public StoredWatch {
        Objects.requireNonNull(ref, "ref");
        Uint32.check("registered_height", registeredHeight);
        Uint32.check("slots", slots);
        Objects.requireNonNull(outpoint, "outpoint");
        Objects.requireNonNull(state, "state");
        if (outpoint.isPresent() != (ref.kind() == WatchKind.OUTPOINT)) {
            throw new IllegalArgumentException("an outpoint watch, and only it, keeps its outpoint");
        }
        if (outpoint.isPresent() && !WatchId.of(outpoint.get()).equals(ref.key())) {
            throw new IllegalArgumentException("the key of an outpoint watch is its outpoint's key");
        }
    }

    /** The watch's state (docs/monitoring.md 7.4): watching, or spent by a block not yet irrevocably deep. */
    public sealed interface State {
        /** No block on the tower's chain spends the funding outpoint. */
        record Watching() implements State {}

        /**
         * The block {@code blockHash} at {@code height} spends it, by input {@code input} of {@code txid};
         * {@code eventCursor} is its {@code funding_spent} event (0: none was written), which a disconnect
         * of that block retracts.
         */
        record Spent(long height, BlockHash blockHash, Txid txid, long input, long eventCursor) implements State {
            public Spent {
                Uint32.check("height", height);
                Objects.requireNonNull(blockHash, "blockHash");
                Objects.requireNonNull(txid, "txid");
                Uint32.check("input", input);
                if (eventCursor < 0) {
                    throw new IllegalArgumentException("event cursor " + eventCursor);
                }
            }
        }
    }

    public static final State WATCHING = new State.Watching();

    public UserId user() {
        return ref.user();
    }

    public StoredWatch withState(State next) {
        return new StoredWatch(ref, registeredHeight, slots, outpoint, next);
    }
}
