package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;

/**
 * The last block the tower has processed.
 *
 * @param blockHash the block hash, 32 bytes in internal (wire) byte order
 * @param height    its height (a u32, as every block height)
 */
public record ChainTip(Bytes blockHash, long height) {
    public static final int HASH_LENGTH = 32;

    public ChainTip {
        Bytes.requireLength(blockHash, HASH_LENGTH, "a block hash");
        Uint32.check("height", height);
    }
}
