package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the tower, with how many slots, until which block (rust-teos {@code gatekeeper.rs}).
 * Pure and in memory: it decides and keeps its copy of the users; the caller persists the record a
 * decision returns through {@link UserLedger} and answers the request only once that is durable.
 *
 * <p>Decisions take effect in memory at once (a charge reserves the slots), so two requests of the
 * same user can never spend the same slot; if the write then fails, the caller undoes it with
 * {@link #restore}.
 *
 * <p>Differences from teos, which its clients cannot tell apart from its own behaviour: a top-up of
 * an already expired subscription extends from the current tip rather than from the old expiry
 * (teos would leave it expired), and heights saturate at 2^32 − 1 instead of wrapping.
 *
 * <p>Not thread-safe: owned by the tower thread.
 */
public final class Gatekeeper {
    private final SubscriptionPolicy policy;
    private final Map<UserId, UserRecord> users = new HashMap<>();

    public Gatekeeper(SubscriptionPolicy policy, Collection<UserRecord> loaded) {
        this.policy = Objects.requireNonNull(policy, "policy");
        loaded.forEach(u -> users.put(u.id(), u));
    }

    public Optional<UserRecord> user(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    /** Every registered user (a copy, in no particular order). */
    public List<UserRecord> users() {
        return List.copyOf(users.values());
    }

    public int userCount() {
        return users.size();
    }

    /** The outcome of a registration or top-up. */
    public sealed interface Registration {
        /** Persist {@code user}, then send the receipt. */
        record Registered(UserRecord user, UserRecord previous) implements Registration {}

        /** Another top-up would overflow the u32 slot count (teos: REGISTRATION_RESOURCE_EXHAUSTED). */
        record SlotsExhausted(UserRecord user) implements Registration {}
    }

    /** Registers a new user, or tops up an existing one with another subscription's slots and blocks. */
    public Registration register(UserId id, long tip) {
        UserRecord current = users.get(id);
        UserRecord next;
        if (current == null) {
            next = new UserRecord(id, policy.slots(), tip, saturate(tip + policy.duration()));
        } else {
            long slots = current.availableSlots() + policy.slots();
            if (slots > Uint32.MAX) {
                return new Registration.SlotsExhausted(current);
            }
            long from = Math.max(current.subscriptionExpiry(), tip);
            next = new UserRecord(id, slots, current.subscriptionStart(), saturate(from + policy.duration()));
        }
        users.put(id, next);
        return new Registration.Registered(next, current);
    }

    /** Whether a (recovered) user may act now. */
    public sealed interface Access {
        record Active(UserRecord user) implements Access {}

        record Unknown() implements Access {}

        record Expired(UserRecord user) implements Access {}
    }

    public Access access(UserId id, long tip) {
        UserRecord u = users.get(id);
        if (u == null) {
            return new Access.Unknown();
        }
        return u.isExpiredAt(tip) ? new Access.Expired(u) : new Access.Active(u);
    }

    /** The outcome of charging an appointment. */
    public sealed interface Charge {
        /** Persist {@code user} with the appointment; {@code slots} is what the appointment now holds. */
        record Charged(UserRecord user, UserRecord previous, long slots) implements Charge {}

        /** The user lacks {@code missing} slots (teos answers this as an authentication failure). */
        record NotEnoughSlots(UserRecord user, long missing) implements Charge {}
    }

    /**
     * Charges a blob of {@code blobBytes}, crediting back {@code previousSlots} if it replaces the
     * user's appointment on the same locator (teos: slots follow the size difference).
     */
    public Charge charge(UserId id, int blobBytes, long previousSlots) {
        UserRecord current = Objects.requireNonNull(users.get(id), "charge of an unknown user");
        long needed = policy.slotsFor(blobBytes);
        long balance = current.availableSlots() + previousSlots - needed;
        if (balance < 0) {
            return new Charge.NotEnoughSlots(current, -balance);
        }
        UserRecord next = current.withAvailableSlots(Math.min(balance, Uint32.MAX));
        users.put(next.id(), next);
        return new Charge.Charged(next, current, needed);
    }

    /** Gives {@code slots} back (a penalty became irrevocable); the record to persist, if the user still exists. */
    public Optional<UserRecord> refund(UserId id, long slots) {
        UserRecord u = users.get(id);
        if (u == null) {
            return Optional.empty();
        }
        UserRecord next = u.withAvailableSlots(Math.min(u.availableSlots() + slots, Uint32.MAX));
        users.put(id, next);
        return Optional.of(next);
    }

    /**
     * Undoes a charge whose write failed, by difference rather than by snapshot, so that other
     * requests of the same user decided meanwhile keep their effect.
     */
    public void undoCharge(UserId id, Charge.Charged charged, long previousSlots) {
        UserRecord u = users.get(id);
        if (u != null) {
            long back = Math.max(0, Math.min(Uint32.MAX, u.availableSlots() + charged.slots() - previousSlots));
            users.put(id, u.withAvailableSlots(back));
        }
    }

    /** Undoes an in-memory decision whose write failed: puts {@code previous} back (or forgets a new user). */
    public void restore(UserId id, Optional<UserRecord> previous) {
        previous.ifPresentOrElse(p -> users.put(id, p), () -> users.remove(id));
    }

    /**
     * Users whose subscription ended {@code expiryDelta} blocks ago or more at {@code tip} (teos:
     * {@code tip >= expiry + expiry_delta}): removed here; the caller deletes them and their data.
     */
    public List<UserId> expireAt(long tip) {
        List<UserId> out = new ArrayList<>();
        users.values().removeIf(u -> {
            boolean outdated = tip >= u.subscriptionExpiry() + policy.expiryDelta();
            if (outdated) {
                out.add(u.id());
            }
            return outdated;
        });
        out.sort(java.util.Comparator.comparing(UserId::toHex));
        return out;
    }

    private static long saturate(long height) {
        return Math.min(height, Uint32.MAX);
    }
}
