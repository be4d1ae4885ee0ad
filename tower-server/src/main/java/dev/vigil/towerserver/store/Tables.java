package dev.vigil.towerserver.store;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The store's tables inside the one open transaction (layout: docs/tower-server.md, "Store
 * layout"). Keys and values are opaque byte strings here; {@link StoreRecords} gives them meaning.
 * Used by the owner thread only, so implementations need no locking.
 *
 * <p>Changes are invisible to a restart until {@link #commit}; {@link #recover} throws away every
 * change since the last successful commit, and must leave the tables usable (or throw, and the store
 * stops). What a commit's outcome means is the same for every implementation (docs/storage.md).
 */
interface Tables {
    /** {@code meta}: schema version, tower key, chain tip, by name. */
    Table meta();

    /** {@code users}: user id (33 B) → user record. */
    Table users();

    /** {@code appointments}: locator (16 B) ‖ user id (33 B) → appointment record. */
    Table appointments();

    /** {@code user_locators}: user id (33 B) ‖ locator (16 B), a set (values are empty). */
    Table userLocators();

    /** {@code trackers}: appointment id (20 B) → tracker record. */
    Table trackers();

    /** {@code monitor_users}: user id (33 B) → monitored-user record (docs/monitoring.md 3.1). */
    Table monitorUsers();

    /** {@code events}: user id (33 B) ‖ cursor (u64 big-endian) → event record. */
    Table events();

    /** {@code event_heights}: height (u32 big-endian) ‖ user id (33 B) ‖ cursor (u64 big-endian), a set: events by age. */
    Table eventHeights();

    /** {@code watches}: kind (u8) ‖ watch key (16 B) ‖ user id (33 B) → watch record. */
    Table watches();

    /** {@code user_watches}: user id (33 B) ‖ kind (u8) ‖ watch key (16 B), a set. */
    Table userWatches();

    /** {@code webhooks}: user id (33 B) → webhook record. */
    Table webhooks();

    /** How many changes were made since the tables were opened: tells a task that changed nothing from one that did. */
    long mutations();

    /**
     * Makes every change so far durable. Returns normally: they are. Throws: none of them is, nor
     * will be after a restart, and {@link #recover} discards them; except
     * {@link CommitOutcomeUnknownException}, after which nothing can be said until the tables are
     * opened again (the store stops).
     */
    void commit() throws Exception;

    /** Discards every change since the last successful commit, including after a failed commit. */
    void recover() throws Exception;

    void close() throws Exception;

    /**
     * Writes the committed state into {@code out}, an empty file, as a store file that opens on its own
     * (a backup). Called between batches only, when nothing is uncommitted. Returns the bytes written.
     * Tables that are not a file cannot be copied.
     */
    default long copyCommittedTo(java.nio.channels.FileChannel out) throws java.io.IOException {
        throw new UnsupportedOperationException("this store is not a file and cannot be backed up");
    }

    /** One ordered table of byte-string keys (unsigned lexicographic order). */
    interface Table {
        byte[] EMPTY = new byte[0];

        /** The value, or null. The array is the caller's. */
        byte[] get(byte[] key);

        void put(byte[] key, byte[] value);

        void remove(byte[] key);

        /** Visits every entry with {@code lo <= key <= hi} (null: unbounded) in key order; the table must not change meanwhile. */
        void scan(byte[] lo, byte[] hi, BiConsumer<byte[], byte[]> visitor);

        /** Visits every key with {@code lo <= key <= hi} (null: unbounded) in order, without reading values. */
        void scanKeys(byte[] lo, byte[] hi, Consumer<byte[]> visitor);

        /**
         * Visits, in key order, the first {@code limit} entries whose key is greater than {@code after}
         * (null: from the first): one page of a listing. This default walks the whole tail; a table over
         * a large collection stops at the limit.
         */
        default void scanAfter(byte[] after, int limit, BiConsumer<byte[], byte[]> visitor) {
            int[] seen = {0};
            scan(after, null, (key, value) -> {
                if (seen[0] < limit && (after == null || !java.util.Arrays.equals(key, after))) {
                    seen[0]++;
                    visitor.accept(key, value);
                }
            });
        }
    }
}
