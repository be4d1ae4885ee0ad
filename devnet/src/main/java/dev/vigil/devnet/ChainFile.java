package dev.vigil.devnet;

import fr.acinq.bitcoin.Block;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The devnet's active chain on disk ({@link DevnetOptions#persistentChain}): one record per block
 * above genesis, {@code <u32 length, big-endian><the block as bitcoind serializes it>}, in height
 * order. A connected block is appended; a disconnected one (bitcoind disconnects the tip first) is
 * cut off the end, so the file is the active chain after every event. A torn
 * last record (the process died while appending) is dropped at the next start. Written by the chain
 * thread only; not fsynced (a devnet needs to survive its own restart, not a power cut).
 */
final class ChainFile implements AutoCloseable {
    /** Larger than any block the devnet can mine (4 MWU). */
    private static final int MAX_RECORD = 4_000_000;

    private final FileChannel channel;
    private final Deque<Long> starts = new ArrayDeque<>();

    private ChainFile(FileChannel channel) {
        this.channel = channel;
    }

    /** What an earlier run left: its blocks in height order, and the file ready for appending after them. */
    record Opened(ChainFile file, List<Block> blocks) {}

    static Opened open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ChainFile chain = new ChainFile(ch);
        List<Block> blocks = new ArrayList<>();
        long size = ch.size();
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(4);
        while (pos + 4 <= size) {
            header.clear();
            ch.read(header, pos);
            int length = header.flip().getInt();
            if (length <= 0 || length > MAX_RECORD || pos + 4 + length > size) {
                break; // torn (or not ours): what follows is dropped
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining() && ch.read(body, pos + 4 + body.position()) >= 0) {
                // read it whole
            }
            Block block;
            try {
                block = Block.read(body.array());
            } catch (RuntimeException e) {
                break;
            }
            chain.starts.push(pos);
            blocks.add(block);
            pos += 4 + length;
        }
        ch.truncate(pos);
        ch.position(pos);
        return new Opened(chain, blocks);
    }

    /** Keeps only the first {@code n} blocks (a replay that stopped at block {@code n}). */
    void keep(int n) throws IOException {
        while (starts.size() > n) {
            disconnected();
        }
    }

    void connected(Block block) throws IOException {
        byte[] raw = Block.write(block);
        long start = channel.size();
        ByteBuffer record = ByteBuffer.allocate(4 + raw.length).putInt(raw.length).put(raw);
        record.flip();
        while (record.hasRemaining()) {
            channel.write(record, start + record.position());
        }
        starts.push(start);
    }

    void disconnected() throws IOException {
        Long start = starts.poll();
        if (start != null) {
            channel.truncate(start);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
