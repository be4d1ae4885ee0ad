package dev.vigil.breachdetector.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainFollowerTest.CheckingListener;
import dev.vigil.breachdetector.chain.ChainFollowerTest.Rig;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.Undecodable;
import dev.vigil.breachdetector.notify.ZmqMessageDecoder;
import dev.vigil.breachdetector.testing.InMemoryTipStore;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A block from its {@code rawblock} payload is connected only when it is the next block; every other
 * payload changes nothing but the need for a walk, and the event stream stays exactly the node's.
 */
class ChainFollowerPayloadTest {
    private static final byte[] SEGWIT_RAW = SharedFiles.bytes("fixtures/blocks/regtest-segwit-4000.raw");

    @Test
    void aPayloadThatExtendsTheTipIsConnectedOnceTheNodeConfirmsItsHash() {
        Rig rig = new Rig(5);
        rig.chain.mine(1);
        int calls = rig.chain.calls;

        PayloadOutcome.Connected c = assertInstanceOf(PayloadOutcome.Connected.class,
                rig.follower.offer(rig.chain.published(rig.chain.tip())));

        assertEquals(new ChainTip(rig.chain.tip(), 6), c.tip());
        assertEquals(c.tip(), rig.store.tip, "saved like a walked block");
        assertEquals(calls + 1, rig.chain.calls, "one call: the hash at the next height");
        assertEquals(0, rig.chain.blockCalls, "the block is not fetched");
        assertEquals(1, rig.listener.events.size());
        assertInstanceOf(ReconcileOutcome.UpToDate.class, rig.follower.reconcile());
    }

    @Test
    void aPayloadTheNodeDoesNotHaveIsNeverConnected() {
        Rig rig = new Rig(4);
        Block forged = rig.chain.unknownBlock(rig.chain.tip()); // well formed, its parent the tip
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(forged));
        Block side = rig.chain.sideBlock(rig.chain.tip()); // known to the node, not on its active chain
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(side));
        assertEquals(List.of(), rig.listener.events);
        assertEquals(4, rig.store.tip.height());
        assertInstanceOf(ReconcileOutcome.UpToDate.class, rig.follower.reconcile());
        rig.chain.unreachable();
        rig.chain.mine(1);
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(rig.chain.published(rig.chain.tip())),
                "a node that cannot confirm it connects nothing");
        assertEquals(List.of(), rig.listener.events);
    }

    @Test
    void aRepeatedOrLatePayloadChangesNothing() {
        Rig rig = new Rig(3);
        List<Block> mined = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rig.chain.mine(1);
            Block b = rig.chain.published(rig.chain.tip());
            mined.add(b);
            assertInstanceOf(PayloadOutcome.Connected.class, rig.follower.offer(b));
        }
        for (Block b : mined) {
            assertEquals(new PayloadOutcome.AlreadyConnected(b.hash()), rig.follower.offer(b));
        }
        assertEquals(3, rig.listener.events.size());
        assertTrue(rig.follower.hasConnected(mined.get(0).hash()));
    }

    @Test
    void anOutOfOrderPayloadWaitsForTheWalkWhichUsesItInsteadOfFetchingIt() {
        Rig rig = new Rig(2);
        rig.chain.mine(2);
        List<Hash256> active = rig.chain.activeChain();
        Block first = rig.chain.published(active.get(3));
        Block second = rig.chain.published(active.get(4));

        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(second));
        assertEquals(0, rig.listener.events.size(), "nothing connected out of order");

        assertInstanceOf(ReconcileOutcome.Advanced.class, rig.follower.reconcile());
        assertEquals(1, rig.chain.blockCalls, "only the missing block is fetched");
        assertEquals(rig.chain.tip(), rig.listener.tip);
        assertEquals(new PayloadOutcome.AlreadyConnected(first.hash()), rig.follower.offer(first), "the late one");
        assertEquals(2, rig.listener.events.size());
    }

    @Test
    void aPayloadOnAStaleBranchIsNeverConnected() {
        Rig rig = new Rig(4);
        Hash256 fork = rig.chain.tip();
        rig.chain.mine(1);
        Block old = rig.chain.published(rig.chain.tip());
        assertInstanceOf(PayloadOutcome.Connected.class, rig.follower.offer(old));
        rig.chain.reorg(1, 2);
        assertInstanceOf(ReconcileOutcome.Advanced.class, rig.follower.reconcile());
        int events = rig.listener.events.size();

        // A block on a branch the node does not follow: the walk finds nothing to do.
        Block side = rig.chain.sideBlock(old.hash());
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(side));
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(old), "the disconnected block, late");
        assertInstanceOf(ReconcileOutcome.UpToDate.class, rig.follower.reconcile());
        assertEquals(events, rig.listener.events.size());

        // The node drops its tip without a new block (invalidateblock): the late payload of the block
        // just disconnected names the tip as its parent, and is still not connected again.
        Hash256 dropped = rig.chain.tip();
        Block droppedBlock = rig.chain.published(dropped);
        rig.chain.reorg(1, 0);
        rig.follower.reconcile();
        assertEquals(rig.chain.tip(), rig.listener.tip);
        assertEquals(rig.listener.tip, droppedBlock.prevHash());
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, rig.follower.offer(droppedBlock));
        assertInstanceOf(ReconcileOutcome.UpToDate.class, rig.follower.reconcile());
        assertEquals(rig.chain.tip(), rig.listener.tip);
        assertTrue(!rig.follower.hasConnected(dropped) && rig.chain.activeChain().contains(fork));
    }

    @Test
    void aPayloadWhoseHeaderDoesNotCommitToItsTransactionsIsRefetched() {
        Rig rig = new Rig(1);
        rig.chain.mine(1);
        Block real = rig.chain.published(rig.chain.tip());
        byte[] raw = serialize(real);
        raw[raw.length - 10] ^= 1; // inside the coinbase's output: another txid, same header
        Block corrupt = Block.parse(raw).orElseThrow();
        assertEquals(real.hash(), corrupt.hash());

        assertInstanceOf(PayloadOutcome.Rejected.class, rig.follower.offer(corrupt));
        assertEquals(0, rig.listener.events.size());
        assertInstanceOf(ReconcileOutcome.Advanced.class, rig.follower.reconcile());
        assertEquals(1, rig.chain.blockCalls, "fetched over RPC");
        ChainEvent.BlockConnected c = (ChainEvent.BlockConnected) rig.listener.events.get(0);
        assertEquals(real.txid(0), c.block().txid(0), "the node's block, not the payload");
    }

    @Test
    void aListenerFailingOnAPayloadGetsTheBlockAgainFromTheWalkWithoutAFetch() {
        Rig rig = new Rig(2);
        rig.chain.mine(1);
        rig.listener.failOnNextEvents = 1;
        assertThrows(IllegalStateException.class, () -> rig.follower.offer(rig.chain.published(rig.chain.tip())));
        assertEquals(2, rig.store.tip.height(), "nothing saved");
        assertInstanceOf(ReconcileOutcome.Advanced.class, rig.follower.reconcile());
        assertEquals(0, rig.chain.blockCalls);
        assertEquals(rig.chain.tip(), rig.listener.tip);
    }

    @Test
    void withoutATipAPayloadOnlyAsksForAWalk() {
        FakeChain chain = new FakeChain();
        chain.mine(3);
        ChainFollower follower = new ChainFollower(chain, new InMemoryTipStore(), new CheckingListener(chain));
        assertInstanceOf(PayloadOutcome.NeedsWalk.class, follower.offer(chain.published(chain.tip())));
        assertEquals(0, chain.calls);
    }

    /**
     * Random payload traffic beside random chain changes (mining, reorgs, switching back): payloads
     * repeated, dropped, delivered late or out of order, from stale branches or corrupted. After
     * every step the stream fits the listener's model, and after a final walk it is the node's chain.
     */
    @Test
    void randomPayloadTrafficKeepsTheEventStreamExact() {
        java.util.Map<Class<?>, Integer> seen = new java.util.HashMap<>();
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            Rig rig = new Rig(3);
            List<Block> published = new ArrayList<>();
            List<Hash256> oldTips = new ArrayList<>();
            for (int step = 0; step < 200; step++) {
                int op = random.nextInt(100);
                if (op < 30) {
                    rig.chain.mine(1);
                    published.add(rig.chain.published(rig.chain.tip()));
                } else if (op < 38) {
                    oldTips.add(rig.chain.tip());
                    int depth = 1 + random.nextInt(4);
                    rig.chain.reorg(depth, depth + random.nextInt(2));
                    published.add(rig.chain.published(rig.chain.tip()));
                } else if (op < 41 && !oldTips.isEmpty()) {
                    rig.chain.switchTo(oldTips.get(random.nextInt(oldTips.size())));
                } else if (op < 80 && !published.isEmpty()) {
                    // the latest payload mostly; sometimes an older one (late, repeated, stale)
                    int i = random.nextInt(4) == 0 ? random.nextInt(published.size()) : published.size() - 1;
                    seen.merge(rig.follower.offer(published.get(i)).getClass(), 1, Integer::sum);
                } else if (op < 85 && !published.isEmpty()) {
                    byte[] raw = serialize(published.get(published.size() - 1));
                    raw[raw.length - 1 - random.nextInt(20)] ^= (byte) (1 + random.nextInt(255));
                    if (Block.parse(raw) instanceof dev.vigil.breachdetector.block.ParseResult.Ok<Block> ok
                            && !ok.value().commitsToTransactions()) {
                        PayloadOutcome o = rig.follower.offer(ok.value());
                        assertTrue(o instanceof PayloadOutcome.Rejected || o instanceof PayloadOutcome.AlreadyConnected,
                                "seed " + seed + ": " + o);
                    }
                } else {
                    rig.follower.reconcile();
                }
                assertEquals(rig.listener.tip, rig.store.tip.hash(), "seed " + seed);
            }
            for (int i = 0; i < 10 && !(rig.follower.reconcile() instanceof ReconcileOutcome.UpToDate); i++) {
                // settle
            }
            assertEquals(rig.chain.tip(), rig.listener.tip, "seed " + seed);
            for (Hash256 h : rig.chain.activeChain()) {
                assertEquals(1, rig.listener.net.getOrDefault(h, 0), "seed " + seed);
            }
            assertEquals(rig.chain.activeChain().size(),
                    rig.listener.net.values().stream().filter(v -> v == 1).count(), "seed " + seed);
        }
        for (Class<?> c : PayloadOutcome.class.getPermittedSubclasses()) {
            if (c != PayloadOutcome.Rejected.class) {
                assertTrue(seen.getOrDefault(c, 0) > 20, "every outcome occurs: " + seen);
            }
        }
    }

    // ---- the recorded 4,001-transaction block from a real regtest node

    /** A follower whose tip is the fixture block's parent, over a node that answers nothing. */
    private static final class FixtureRig {
        final Block block = Block.parse(SEGWIT_RAW).orElseThrow();
        final InMemoryTipStore store = new InMemoryTipStore();
        final List<ChainEvent> events = new ArrayList<>();
        final ChainFollower follower = new ChainFollower(new ConfirmsOnly(block.hash(), 103), store, events::add);

        FixtureRig() {
            store.tip = new ChainTip(block.prevHash(), 102);
        }
    }

    @Test
    void theRecordedBlockIsConnectedFromItsPayloadOnceWithoutBeingFetched() {
        FixtureRig rig = new FixtureRig();
        NotifierEvent decoded = ZmqMessageDecoder.decode(List.of("rawblock".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                SEGWIT_RAW.clone(), new byte[4]));
        Block payload = assertInstanceOf(Notification.RawBlock.class, decoded).block();

        assertEquals(new PayloadOutcome.Connected(new ChainTip(rig.block.hash(), 103)), rig.follower.offer(payload));
        assertEquals("4e8fc4454a073f3c4d6b137528e354d832b8a4310df59dc3d548475e358a13d6", rig.store.tip.hash().displayHex());
        assertEquals(new PayloadOutcome.AlreadyConnected(rig.block.hash()), rig.follower.offer(payload));
        assertEquals(1, rig.events.size());
        assertEquals(4_001, ((ChainEvent.BlockConnected) rig.events.get(0)).block().transactionCount());
    }

    @Test
    void theRecordedBlockWithOneTransactionAlteredOrRepeatedIsRejected() {
        FixtureRig rig = new FixtureRig();
        // A flipped bit in the last transaction's locktime: the header no longer commits to it.
        byte[] altered = SEGWIT_RAW.clone();
        altered[altered.length - 1] ^= 1;
        assertInstanceOf(PayloadOutcome.Rejected.class, rig.follower.offer(Block.parse(altered).orElseThrow()));
        // CVE-2012-2459: 4,001 transactions with the last one repeated have the same merkle root
        // and so the same block hash; the repeat is what gives it away.
        Block real = rig.block;
        int last = real.transactionCount() - 1;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(real.header().serialized().toArray());
        b.write(0xfd);
        b.write((real.transactionCount() + 1) & 0xff);
        b.write((real.transactionCount() + 1) >>> 8);
        b.write(SEGWIT_RAW, real.transactionOffset(0), SEGWIT_RAW.length - real.transactionOffset(0));
        b.writeBytes(real.rawTransaction(last).toArray());
        Block mutated = Block.parse(b.toByteArray()).orElseThrow();
        assertEquals(real.hash(), mutated.hash());
        assertEquals(real.computeMerkleRoot(), mutated.computeMerkleRoot(), "the mutation keeps the root");
        assertInstanceOf(PayloadOutcome.Rejected.class, rig.follower.offer(mutated));

        assertEquals(0, rig.events.size());
        assertEquals(102, rig.store.tip.height());
    }

    @Test
    void hostileBytesOnTheRawblockTopicNeverBecomeABlock() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] body = SEGWIT_RAW.clone();
            int cut = 81 + random.nextInt(body.length - 81);
            byte[] hostile = random.nextBoolean() ? java.util.Arrays.copyOf(body, cut) : body;
            if (hostile == body) {
                body[80 + random.nextInt(3)] = (byte) 0xff; // a transaction count no block this size can hold
            }
            NotifierEvent e = ZmqMessageDecoder.decode(List.of("rawblock".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    hostile, new byte[4]));
            assertInstanceOf(Undecodable.class, e, "cut at " + cut);
        }
    }

    /**
     * A node that answers only "the active chain has {@code hash} at {@code height}"; any other call
     * fails, so a connection proves the block was not fetched.
     */
    private record ConfirmsOnly(Hash256 hash, int height) implements ChainSource {
        @Override
        public Hash256 bestBlockHash() throws ChainSourceException {
            throw new ChainSourceException("no such call expected");
        }

        @Override
        public Optional<ChainHeader> header(Hash256 h) throws ChainSourceException {
            throw new ChainSourceException("no such call expected");
        }

        @Override
        public Optional<Hash256> blockHashAt(int at) {
            return at == height ? Optional.of(hash) : Optional.empty();
        }

        @Override
        public Optional<Block> block(Hash256 h) throws ChainSourceException {
            throw new ChainSourceException("no such call expected");
        }
    }

    /** The block's serialization again, from its parts (FakeChain's blocks have fewer than 253 transactions). */
    private static byte[] serialize(Block block) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(block.header().serialized().toArray());
        b.write(block.transactionCount());
        for (int i = 0; i < block.transactionCount(); i++) {
            b.writeBytes(block.rawTransaction(i).toArray());
        }
        return b.toByteArray();
    }
}
