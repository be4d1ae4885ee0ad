package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.NotificationListener;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.notify.SequenceLabel;
import dev.vigil.breachdetector.notify.Undecodable;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the {@link ChainFollower} on its own thread whenever the chain may have moved: at start, on
 * every ZMQ doorbell (a block notification or a "reconcile now" signal from the sequence tracker),
 * and on a periodic safety poll for when ZMQ is silent (DESIGN §3). Doorbells that ring while a
 * reconcile is running collapse into one more run afterwards, so a burst of 500 notifications costs
 * a handful of walks, and none is lost.
 *
 * <p>A {@code rawblock} message is not only a doorbell: its block goes to
 * {@link ChainFollower#offer}, which connects it when it extends the tip and the node confirms its
 * hash (one {@code getblockhash}), without fetching it. Only
 * what the payload cannot settle walks: a payload that does not extend the tip or fails its check,
 * a block disconnection, a "reconcile now" signal, an undecodable message, the poll. A
 * {@code hashblock} or {@code sequence} C for a block the follower has connected is news of
 * nothing; for one it has not, the monitor waits {@link #PAYLOAD_GRACE} for that block's payload
 * (bitcoind publishes the hash notifications first, and the 4 MB body takes longer to arrive) and
 * walks if it has not come.
 *
 * <p>When bitcoind cannot answer, or the listener fails, the walk is retried with exponential
 * backoff (from {@code 100 ms}, capped at the poll interval) and never given up.
 *
 * <p>ZMQ that does not deliver: given a {@link ZmqExpectation}, every walk that connects blocks
 * (after the first, which catches up on what was mined while the tower was away) is checked, once
 * its {@link ZmqExpectation#grace grace} has passed, against what ZMQ delivered: a topic
 * ({@code rawblock}, {@code sequence}) that neither announced the walk's new tip nor announced anything
 * since the walk began did not ring for those blocks, and a WARNING says which endpoint, and the
 * {@code bitcoin.conf} line that fixes it. It repeats at most every
 * {@link ZmqExpectation#repeatEvery} while the silence lasts; an INFO line says when the topic
 * delivers again.
 *
 * <p>Threading: {@link #onEvent} is called on the ZMQ thread and only queues; everything else
 * runs on the monitor's single thread ({@code vigil-chain}), which owns the follower.
 */
public final class ChainMonitor implements NotificationListener, AutoCloseable {
    /**
     * How long a block announced by hash may wait for its {@code rawblock} payload before a walk
     * fetches it: it bounds the delay a lost payload adds, and is far longer than loopback needs
     * to deliver 4 MB.
     */
    public static final Duration PAYLOAD_GRACE = Duration.ofMillis(500);
    /** Payloads waiting for the chain thread at most; older ones are dropped for a walk to fetch. */
    static final int MAX_QUEUED_PAYLOADS = 8;
    private static final System.Logger LOG = System.getLogger(ChainMonitor.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    private final ChainFollower follower;
    private final Duration pollInterval;
    private final Consumer<ReconcileOutcome> observer;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean walkWanted = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Queue<Block> payloads = new ConcurrentLinkedQueue<>();
    private final Queue<Hash256> announced = new ConcurrentLinkedQueue<>();
    /** Announced blocks not connected yet, with when to stop waiting for their payload; chain thread only. */
    private final Map<Hash256, Long> awaitingPayload = new LinkedHashMap<>();
    private boolean checkScheduled;
    private volatile boolean closed;
    private Duration nextRetry = FIRST_RETRY;
    private ScheduledFuture<?> retry;
    private final Optional<ZmqExpectation> expectation;
    /** Block notifications ZMQ delivered, queued on the ZMQ thread for the silence check. */
    private final Queue<Heard> heard = new ConcurrentLinkedQueue<>();
    /** What each expected topic delivered; chain thread only. */
    private final Map<Watched, TopicRecord> topics = new EnumMap<>(Watched.class);
    /** Whether a walk succeeded since start: the first one catches up on blocks no ZMQ could announce. */
    private boolean armed;
    /** False while the last silence check found an expected topic silent; written on the chain thread. */
    private volatile boolean zmqDelivering = true;

    /** The topics whose silence is reported, with the bitcoind option that publishes each. */
    enum Watched {
        RAWBLOCK("rawblock", "zmqpubrawblock", "zmq.rawblock", "--zmq-rawblock"),
        SEQUENCE("sequence", "zmqpubsequence", "zmq.sequence", "--zmq-sequence");

        final String topic;
        final String bitcoindOption;
        final String key;
        final String flag;

        Watched(String topic, String bitcoindOption, String key, String flag) {
            this.topic = topic;
            this.bitcoindOption = bitcoindOption;
            this.key = key;
            this.flag = flag;
        }
    }

    private record Heard(Watched topic, Hash256 hash) {}

    /** One topic's deliveries and warnings; chain thread only. */
    private static final class TopicRecord {
        final Map<Hash256, Boolean> announced = ChainFollower.bounded(64);
        long count;
        /** Since the last warning, nothing was delivered (the warning repeats from {@code lastWarned}). */
        boolean silent;
        long lastWarned;
    }

    /**
     * @param observer told every walk's outcome on the monitor's thread (logging, metrics, tests);
     *                 must not block. Blocks connected from their payload are not walks and are
     *                 not reported: the listener sees them
     */
    public ChainMonitor(ChainFollower follower, Duration pollInterval, Consumer<ReconcileOutcome> observer) {
        this(follower, pollInterval, observer, Optional.empty());
    }

    /**
     * @param expectation the ZMQ endpoints whose silence is reported (see the class notes); empty: no
     *                    check
     */
    public ChainMonitor(ChainFollower follower, Duration pollInterval, Consumer<ReconcileOutcome> observer,
            Optional<ZmqExpectation> expectation) {
        this.expectation = Objects.requireNonNull(expectation, "expectation");
        for (Watched w : Watched.values()) {
            topics.put(w, new TopicRecord());
        }
        this.follower = Objects.requireNonNull(follower, "follower");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.observer = Objects.requireNonNull(observer, "observer");
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-chain");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reconciles now, then on every doorbell and every {@code pollInterval}. */
    public void start() {
        ring();
        long ms = pollInterval.toMillis();
        thread.scheduleWithFixedDelay(this::ring, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Asks for a walk; never blocks. Rings while one is queued are merged. */
    public void ring() {
        walkWanted.set(true);
        schedule();
    }

    /**
     * Completes on the monitor's thread once everything queued before this call (events, rings) has
     * been handled: a barrier for whoever needs to know a message was processed, such as a test that
     * then checks that it caused no walk. Completes exceptionally once the monitor is closed.
     */
    public CompletableFuture<Void> handled() {
        try {
            return CompletableFuture.runAsync(() -> { }, thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void onEvent(NotifierEvent event) {
        heard(event);
        if (event instanceof Notification.RawBlock b) {
            payloads.add(b.block());
            // Bounded while the chain thread is busy (a block can be 4 MB): the oldest go, and the walk
            // this asks for fetches what they held.
            while (payloads.size() > MAX_QUEUED_PAYLOADS && payloads.poll() != null) {
                walkWanted.set(true);
            }
            schedule();
        } else if (event instanceof Notification.HashBlock h) {
            announced.add(h.blockHash());
            schedule();
        } else if (event instanceof Notification.Sequence s && s.label() == SequenceLabel.BLOCK_CONNECTED) {
            announced.add(s.hash());
            schedule();
        } else if (event instanceof ReconcileNeeded || event instanceof Undecodable
                || event instanceof Notification.Sequence s && s.label() == SequenceLabel.BLOCK_DISCONNECTED) {
            // An undecodable message may have been a block: a walk costs one call if nothing moved.
            ring();
        }
    }

    /** On the ZMQ thread: notes a block notification for the silence check. */
    private void heard(NotifierEvent event) {
        if (expectation.isEmpty()) {
            return;
        }
        if (event instanceof Notification.RawBlock b) {
            heard.add(new Heard(Watched.RAWBLOCK, b.block().hash()));
        } else if (event instanceof Notification.Sequence s
                && (s.label() == SequenceLabel.BLOCK_CONNECTED || s.label() == SequenceLabel.BLOCK_DISCONNECTED)) {
            heard.add(new Heard(Watched.SEQUENCE, s.hash()));
        }
    }

    /** On the chain thread: takes in what ZMQ delivered since the last call. */
    private void absorbHeard() {
        Heard h;
        while ((h = heard.poll()) != null) {
            TopicRecord r = topics.get(h.topic());
            r.announced.put(h.hash(), Boolean.TRUE);
            r.count++;
        }
    }

    private void schedule() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                drainQueued.set(false);
            }
        }
    }

    /** Payloads first (in arrival order), then announcements, then the walk if anything asked for one. */
    private void drain() {
        drainQueued.set(false);
        if (closed) {
            return;
        }
        absorbHeard();
        Block block;
        while ((block = payloads.poll()) != null) {
            PayloadOutcome o;
            try {
                o = follower.offer(block);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a chain listener failed; the block will be delivered again", e);
                scheduleRetry();
                return;
            }
            if (o instanceof PayloadOutcome.NeedsWalk || o instanceof PayloadOutcome.Rejected) {
                if (o instanceof PayloadOutcome.Rejected r) {
                    LOG.log(Level.WARNING, "rawblock " + r.block() + " dropped: " + r.reason());
                }
                walkWanted.set(true);
            }
        }
        Hash256 hash;
        while ((hash = announced.poll()) != null) {
            if (!follower.hasConnected(hash)) {
                awaitingPayload.putIfAbsent(hash, System.nanoTime() + PAYLOAD_GRACE.toNanos());
            }
        }
        scheduleAnnouncedCheck();
        if (walkWanted.getAndSet(false)) {
            reconcile();
        }
    }

    /** Forgets announced blocks that got connected; walks if one has waited out its grace. */
    private void checkAnnounced() {
        checkScheduled = false;
        if (closed) {
            return;
        }
        awaitingPayload.keySet().removeIf(follower::hasConnected);
        long now = System.nanoTime();
        if (awaitingPayload.values().removeIf(deadline -> deadline - now <= 0)) {
            ring();
        }
        scheduleAnnouncedCheck();
    }

    private void scheduleAnnouncedCheck() {
        if (checkScheduled || awaitingPayload.isEmpty()) {
            return;
        }
        long delay = Math.max(0, awaitingPayload.values().iterator().next() - System.nanoTime());
        thread.schedule(this::checkAnnounced, delay, TimeUnit.NANOSECONDS);
        checkScheduled = true;
    }

    private void reconcile() {
        absorbHeard();
        Map<Watched, Long> before = new EnumMap<>(Watched.class);
        topics.forEach((w, r) -> before.put(w, r.count));
        ReconcileOutcome outcome;
        try {
            outcome = follower.reconcile();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a chain listener failed; the block will be delivered again", e);
            scheduleRetry();
            return;
        }
        observer.accept(outcome);
        if (outcome instanceof ReconcileOutcome.SourceUnavailable u) {
            LOG.log(Level.WARNING, "bitcoind unavailable, retrying in " + nextRetry.toMillis() + " ms: " + u.reason());
            scheduleRetry();
            return;
        }
        if (outcome instanceof ReconcileOutcome.TipUnknownToNode t) {
            LOG.log(Level.ERROR, "bitcoind does not know the tower's tip " + t.tip()
                    + ": is it the same network and datadir? Following is paused until it does.");
            scheduleRetry();
            return;
        }
        nextRetry = FIRST_RETRY;
        if (outcome instanceof ReconcileOutcome.Advanced a) {
            if (armed && a.connected() > 0 && expectation.isPresent()) {
                thread.schedule(() -> checkDelivered(a.tip(), before), expectation.get().grace().toNanos(), TimeUnit.NANOSECONDS);
            }
            // The node may have moved on during the walk; one more cheap pass confirms we are at its tip.
            ring();
        }
        armed = true;
    }

    /**
     * On the chain thread, a grace after a walk that connected blocks up to {@code tip}: a topic that
     * announced neither {@code tip} nor anything since the walk began ({@code before}) did not ring.
     */
    private void checkDelivered(ChainTip tip, Map<Watched, Long> before) {
        if (closed) {
            return;
        }
        absorbHeard();
        ZmqExpectation ex = expectation.orElseThrow();
        long now = System.nanoTime();
        List<Watched> report = new ArrayList<>();
        for (Watched w : Watched.values()) {
            TopicRecord r = topics.get(w);
            boolean delivered = r.announced.containsKey(tip.hash()) || r.count > before.get(w);
            if (delivered) {
                if (r.silent) {
                    LOG.log(Level.INFO, "ZMQ " + w.topic + " from " + endpoint(ex, w) + " delivers again");
                }
                r.silent = false;
            } else {
                if (!r.silent || now - r.lastWarned >= ex.repeatEvery().toNanos()) {
                    r.lastWarned = now;
                    report.add(w);
                }
                r.silent = true;
            }
        }
        zmqDelivering = topics.values().stream().noneMatch(r -> r.silent);
        if (!report.isEmpty()) {
            LOG.log(Level.WARNING, silenceMessage(tip, report, ex));
        }
    }

    /**
     * Whether ZMQ delivers what the RPC shows: false from a check that found an expected topic silent
     * (the WARNING above) until a check finds every topic delivering again; true before any check and
     * without an expectation. Read by any thread (the metrics, the status page).
     */
    public boolean zmqDelivering() {
        return zmqDelivering;
    }

    private String silenceMessage(ChainTip tip, List<Watched> silent, ZmqExpectation ex) {
        StringBuilder m = new StringBuilder("ZMQ did not announce block ").append(tip.height()).append(' ').append(tip.hash())
                .append(": bitcoind's RPC showed it, but nothing arrived on ");
        StringBuilder fix = new StringBuilder();
        for (int i = 0; i < silent.size(); i++) {
            Watched w = silent.get(i);
            m.append(i == 0 ? "" : " nor on ").append(w.topic).append(" from ").append(endpoint(ex, w));
            fix.append(i == 0 ? "" : " and ").append(w.bitcoindOption).append('=').append(endpoint(ex, w))
                    .append(" (the tower's ").append(w.key).append(", ").append(w.flag).append(')');
        }
        return m.append(". New blocks are seen only by the RPC poll, up to ").append(pollInterval.toSeconds())
                .append(" s late. Fix: bitcoin.conf must have ").append(fix)
                .append(", bitcoind restarted after the change, and the address reachable from the tower")
                .append(" (`bitcoin-cli getzmqnotifications` lists what bitcoind publishes). Repeated every ")
                .append(ex.repeatEvery().toMinutes() >= 1 ? ex.repeatEvery().toMinutes() + " min" : ex.repeatEvery().toMillis() + " ms")
                .append(" while it lasts.").toString();
    }

    private static String endpoint(ZmqExpectation ex, Watched w) {
        return w == Watched.RAWBLOCK ? ex.rawblock() : ex.sequence();
    }

    private void scheduleRetry() {
        if (retry != null && !retry.isDone()) {
            return;
        }
        long ms = nextRetry.toMillis();
        nextRetry = nextRetry.multipliedBy(2).compareTo(pollInterval) > 0 ? pollInterval : nextRetry.multipliedBy(2);
        retry = thread.schedule(this::ring, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops now: queued walks are dropped and the walk in progress is interrupted (an RPC retry
     * sleeping on an unreachable node would otherwise run out its backoff, tens of seconds). An
     * interrupted walk saves nothing it did not finish: the next start resumes from the stored tip.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the chain thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
