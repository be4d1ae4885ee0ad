package dev.vigil.towerserver.testsupport;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.ParseResult;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Real serialized blocks around chosen transactions (a valid merkle root; no proof of work needed). */
public final class TestBlocks {
    private TestBlocks() {}

    public static Block block(Hash256 prev, int nonce, List<Bytes> transactions) {
        byte[] draft = serialize(prev, new byte[32], nonce, transactions);
        Block parsed = parse(draft);
        byte[] root = parsed.computeMerkleRoot().internalOrder().toArray();
        return parse(serialize(prev, root, nonce, transactions));
    }

    private static Block parse(byte[] raw) {
        ParseResult<Block> r = Block.parse(raw);
        if (r instanceof ParseResult.Ok<Block> ok) {
            return ok.value();
        }
        throw new IllegalStateException("test block does not parse: " + r);
    }

    private static byte[] serialize(Hash256 prev, byte[] merkleRoot, int nonce, List<Bytes> txs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLe(out, 0x20000000L, 4);
        out.writeBytes(prev.internalOrder().toArray());
        out.writeBytes(merkleRoot);
        writeLe(out, 1_700_000_000L, 4);
        writeLe(out, 0x207fffffL, 4);
        writeLe(out, nonce & 0xffffffffL, 4);
        if (txs.size() >= 0xfd) {
            throw new IllegalArgumentException("keep test blocks small");
        }
        out.write(txs.size());
        txs.forEach(t -> out.writeBytes(t.toArray()));
        return out.toByteArray();
    }

    private static void writeLe(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
