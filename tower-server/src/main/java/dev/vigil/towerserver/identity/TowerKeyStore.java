package dev.vigil.towerserver.identity;

import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Port: where the tower's own key lives. The key signs every receipt, so it must never change by
 * accident: it is created once, durably, and read back on every start.
 *
 * <p><b>Contract.</b> The first call on a new store generates a key with {@code generate}, commits it
 * and then completes with it; later calls (and later starts) complete with the same key. Stage
 * completes on the store's thread. Never logs or prints the key.
 */
public interface TowerKeyStore {
    CompletionStage<PrivateKey> loadOrCreateTowerKey(Supplier<PrivateKey> generate);
}
