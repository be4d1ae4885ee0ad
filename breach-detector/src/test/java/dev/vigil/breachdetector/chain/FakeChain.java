package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory chain answering like bitcoind's RPC: a tree of real serialized blocks (one coinbase
 * each) with an active branch. It mines, reorgs at any depth, flips back to an old branch, and
 * fails on command (unreachable from the next call, or after N more calls).
 */
final class FakeChain implements ChainSource {
    private record Node(Block block, int height) {}

    private final Map<Hash256, Node> known = new HashMap<>();
    private final List<Hash256> active = new ArrayList<>();
    private int nonce;
    private int callsUntilFailure = -1;
    private boolean unreachable;
    int calls;
    /** How many {@code getblock}s were asked for. */
    int blockCalls;

    FakeChain() {
        Block genesis = build(new byte[32], 0);
        known.put(genesis.hash(), new Node(genesis, 0));
        active.add(genesis.hash());
    }

    synchronized Hash256 tip() {
        return active.get(active.size() - 1);
    }

    synchronized int height() {
        return active.size() - 1;
    }

    synchronized List<Hash256> activeChain() {
        return List.copyOf(active);
    }

    synchronized Hash256 parentOf(Hash256 hash) {
        return known.get(hash).block().prevHash();
    }

    /** Mines {@code n} blocks on the active tip. */
    synchronized void mine(int n) {
        for (int i = 0; i < n; i++) {
            Block b = build(tip().internalOrder().toArray(), active.size());
            known.put(b.hash(), new Node(b, active.size()));
            active.add(b.hash());
        }
    }

    /** Replaces the top {@code depth} blocks by a new branch of {@code length} blocks. */
    synchronized void reorg(int depth, int length) {
        depth = Math.min(depth, height());
        for (int i = 0; i < depth; i++) {
            active.remove(active.size() - 1);
        }
        mine(length);
    }

    /** Makes the branch ending at {@code oldTip} (a block seen before) active again. */
    synchronized void switchTo(Hash256 oldTip) {
        List<Hash256> branch = new ArrayList<>();
        for (Hash256 h = oldTip; !active.contains(h); h = parentOf(h)) {
            branch.add(0, h);
        }
        Hash256 fork = branch.isEmpty() ? oldTip : parentOf(branch.get(0));
        while (!tip().equals(fork)) {
            active.remove(active.size() - 1);
        }
        active.addAll(branch);
    }

    /** The block the node knows by {@code hash}, as its {@code rawblock} message would carry it; not a call. */
    synchronized Block published(Hash256 hash) {
        return known.get(hash).block();
    }

    /** A block on {@code parent} that the node knows but that is not on its active chain. */
    synchronized Block sideBlock(Hash256 parent) {
        int height = known.get(parent).height() + 1;
        Block b = build(parent.internalOrder().toArray(), height);
        known.put(b.hash(), new Node(b, height));
        return b;
    }

    /** A well-formed block on {@code parent} that the node has never seen (forged, or from another node). */
    synchronized Block unknownBlock(Hash256 parent) {
        return build(parent.internalOrder().toArray(), known.get(parent).height() + 1);
    }

    /** Every call fails until {@link #reachable()}. */
    synchronized void unreachable() {
        unreachable = true;
    }

    synchronized void reachable() {
        unreachable = false;
        callsUntilFailure = -1;
    }

    /** The next {@code n} calls succeed, then every call fails until {@link #reachable()}. */
    synchronized void failAfter(int n) {
        callsUntilFailure = n;
    }

    private void call() throws ChainSourceException {
        calls++;
        if (callsUntilFailure == 0) {
            unreachable = true;
        } else if (callsUntilFailure > 0) {
            callsUntilFailure--;
        }
        if (unreachable) {
            throw new ChainSourceException("connection refused (on command)");
        }
    }

    @Override
    public synchronized Hash256 bestBlockHash() throws ChainSourceException {
        call();
        return tip();
    }

    @Override
    public synchronized Optional<ChainHeader> header(Hash256 hash) throws ChainSourceException {
        call();
        Node n = known.get(hash);
        if (n == null) {
            return Optional.empty();
        }
        boolean onActive = n.height() < active.size() && active.get(n.height()).equals(hash);
        return Optional.of(new ChainHeader(hash, n.height(),
                n.height() == 0 ? Optional.empty() : Optional.of(n.block().prevHash()), onActive));
    }

    @Override
    public synchronized Optional<Hash256> blockHashAt(int height) throws ChainSourceException {
        call();
        return height < active.size() ? Optional.of(active.get(height)) : Optional.empty();
    }

    @Override
    public synchronized Optional<Block> block(Hash256 hash) throws ChainSourceException {
        call();
        blockCalls++;
        return Optional.ofNullable(known.get(hash)).map(Node::block);
    }

    /** A real serialized block: header over one coinbase whose scriptSig makes it unique. */
    private Block build(byte[] prevInternal, int height) {
        ByteArrayOutputStream tx = new ByteArrayOutputStream();
        tx.writeBytes(new byte[] {2, 0, 0, 0, 1});
        tx.writeBytes(new byte[32]);
        tx.writeBytes(new byte[] {-1, -1, -1, -1, 8});
        tx.writeBytes(le32(height));
        tx.writeBytes(le32(nonce++));
        tx.writeBytes(new byte[] {-1, -1, -1, -1, 1});
        tx.writeBytes(new byte[] {0, (byte) 0xf2, 5, 0x2a, 1, 0, 0, 0, 1, 0x51});
        tx.writeBytes(new byte[4]);
        byte[] txBytes = tx.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 0, 0x20});
        b.writeBytes(prevInternal);
        b.writeBytes(sha256d(txBytes)); // merkle root of one transaction = its txid
        b.writeBytes(le32(1_700_000_000 + height));
        b.writeBytes(new byte[] {-1, -1, 0x7f, 0x20});
        b.writeBytes(le32(0));
        b.write(1);
        b.writeBytes(txBytes);
        return Block.parse(b.toByteArray()).orElseThrow();
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] sha256d(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return md.digest(md.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
