package dev.vigil.towerserver.admin;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the admin commands ask of the tower (docs/admin.md). Implemented by the composition root, which
 * reads the gatekeeper, the watcher's index and the responder on the tower thread and the store on its
 * own thread. Contract: every method is called on an event loop and returns at once, never blocking;
 * the stage completes on whatever thread had the answer (the caller hops back to its own context).
 * A stage fails with {@link Unavailable} when the store stopped or is closing, and otherwise only for a
 * failure nobody foresaw (an unreadable record, an I/O error).
 */
public interface AdminQueries {
    /** The store stopped or is closing: nothing can be read or copied now. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    CompletionStage<TowerInfo> towerInfo();

    /** Every registered user, in id order. */
    CompletionStage<List<UserId>> users();

    /** The user's subscription and the locators of its appointments and trackers; empty for an unknown user. */
    CompletionStage<Optional<UserDetails>> user(UserId id);

    /** The stored appointments and the trackers of {@code locator}, of every user. */
    CompletionStage<LocatorMatches> appointments(Locator locator);

    /**
     * One page of every stored appointment (locator then user order), then every tracker (appointment id
     * order): at most {@code limit} items after {@code after} (empty: from the first), with the cursor of
     * the next page if there are more.
     */
    CompletionStage<Page> allAppointments(Optional<Cursor> after, int limit);

    /** The responder's trackers, in appointment id order. */
    CompletionStage<List<Tracker>> trackers();

    /** A consistent copy of the store at {@code target}, an absolute path (docs/admin.md, "backup"). */
    CompletionStage<BackupOutcome> backup(Path target);

    /** {@code gettowerinfo}: teos's fields and Vigil's own. */
    record TowerInfo(TowerId towerId, int registeredUsers, long watcherAppointments, int responderTrackers,
            boolean bitcoindReachable, String network, long tipHeight, long nodeHeight) {
        public TowerInfo {
            Objects.requireNonNull(towerId, "towerId");
            Objects.requireNonNull(network, "network");
        }
    }

    /** {@code getuser}: the subscription, the watched locators (in order) and the locators being answered. */
    record UserDetails(UserRecord user, List<Locator> appointments, List<Locator> trackers) {
        public UserDetails {
            Objects.requireNonNull(user, "user");
            appointments = List.copyOf(appointments);
            trackers = List.copyOf(trackers);
        }
    }

    /** {@code getappointments}: what the watcher and the responder hold for one locator. */
    record LocatorMatches(List<StoredAppointment> appointments, List<Tracker> trackers) {
        public LocatorMatches {
            appointments = List.copyOf(appointments);
            trackers = List.copyOf(trackers);
        }
    }

    /** One page of {@code getallappointments}. */
    record Page(List<StoredAppointment> appointments, List<Tracker> trackers, Optional<Cursor> next) {
        public Page {
            appointments = List.copyOf(appointments);
            trackers = List.copyOf(trackers);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * A position in the listing: after an appointment, or after a tracker (appointments come first). Written
     * as an opaque string: {@code a} and the locator and user id in hex, or {@code t} and the appointment id.
     */
    sealed interface Cursor {
        String encode();

        record AfterAppointment(Locator locator, UserId user) implements Cursor {
            public AfterAppointment {
                Objects.requireNonNull(locator, "locator");
                Objects.requireNonNull(user, "user");
            }

            @Override
            public String encode() {
                return "a" + locator.toHex() + user.toHex();
            }
        }

        record AfterTracker(AppointmentId id) implements Cursor {
            public AfterTracker {
                Objects.requireNonNull(id, "id");
            }

            @Override
            public String encode() {
                return "t" + id.toHex();
            }
        }

        /** The cursor {@code text} encodes, or empty if it is not one. */
        static Optional<Cursor> decode(String text) {
            try {
                if (text.matches("a[0-9a-f]{" + 2 * (Locator.LENGTH + dev.vigil.towerprotocol.PublicKey.LENGTH) + "}")) {
                    return Optional.of(new AfterAppointment(Locator.fromHex(text.substring(1, 1 + 2 * Locator.LENGTH)),
                            UserId.fromHex(text.substring(1 + 2 * Locator.LENGTH))));
                }
                if (text.matches("t[0-9a-f]{" + 2 * AppointmentId.LENGTH + "}")) {
                    return Optional.of(new AfterTracker(new AppointmentId(Bytes.fromHex(text.substring(1)))));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a user id that is no public key
            }
            return Optional.empty();
        }
    }

    /** What {@code backup} did. */
    sealed interface BackupOutcome {
        /** Written: the file, its size, and the chain tip height it holds. */
        record Written(Path path, long bytes, long tipHeight) implements BackupOutcome {
            public Written {
                Objects.requireNonNull(path, "path");
            }
        }

        /** Nothing written: the path exists, or its directory does not. */
        record Refused(String reason) implements BackupOutcome {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
