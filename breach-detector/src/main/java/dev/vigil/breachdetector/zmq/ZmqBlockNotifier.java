package dev.vigil.breachdetector.zmq;

import dev.vigil.breachdetector.notify.NotificationListener;
import dev.vigil.breachdetector.notify.NotificationStream;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.ZmqTopic;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Subscribes to bitcoind's ZMQ publishers on a thread of its own and hands every decoded
 * notification, and every "reconcile now" signal, to a {@link NotificationListener}.
 *
 * <p>ZMQ is a doorbell: messages can be lost (high-water marks, reconnects, the slow-joiner start)
 * and counters restart with bitcoind (doc/zmq.md "Remarks"). This class does not hide that; it
 * reports it: a {@code ReconcileNeeded} on the first message of each topic, on any sequence gap or
 * restart, and on every (re)connection (seen through a JeroMQ socket monitor). Reconnection itself
 * is JeroMQ's: the SUB socket reconnects and re-subscribes by itself after bitcoind restarts.
 *
 * <p>Two JeroMQ 0.6.0 behaviours are worked around here, both seen on loopback in this module's
 * tests. A connection occasionally stalls in the ZMTP handshake with the peer's greeting unread in
 * the socket buffer (2 to 5 in 60 fresh connections in a plain JeroMQ loop here); only the
 * handshake timeout ends it, so {@link ZmqSubscriberConfig#handshakeTimeout()} is short. And after
 * a protocol error (an oversized message) the session is terminated instead of reconnected (see
 * {@code rearm}).
 *
 * <p>Threading: {@link #start()} starts the socket thread; the socket and its context are created,
 * used and closed on that thread only. {@link #close()} sets a stop flag and waits for the thread,
 * which notices within one {@link ZmqSubscriberConfig#pollInterval()}: it is never interrupted,
 * because JeroMQ is not interrupt-safe (jeromq #834).
 */
public final class ZmqBlockNotifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ZmqBlockNotifier.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ZmqSubscriberConfig config;
    private final NotificationListener listener;
    private final String monitorAddress;
    private final Thread thread;
    private volatile boolean running;

    public ZmqBlockNotifier(ZmqSubscriberConfig config, NotificationListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        int id = INSTANCES.incrementAndGet();
        this.monitorAddress = "inproc://vigil-zmq-monitor-" + id;
        this.thread = new Thread(this::run, "vigil-zmq-subscriber-" + id);
        this.thread.setDaemon(true);
    }

    /** Starts the socket thread. Call once. */
    public synchronized void start() {
        if (running || thread.isAlive()) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread.start();
    }

    /** True while the socket thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops the thread and closes the socket; returns when both are done (or after a bounded wait,
     * logging if the thread is stuck in the listener).
     */
    @Override
    public void close() {
        running = false;
        if (thread == Thread.currentThread() || !thread.isAlive()) {
            return;
        }
        long waitMillis = 10 * config.pollInterval().toMillis() + 2_000;
        boolean interrupted = false;
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting; restore the flag below
            }
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "ZMQ subscriber thread did not stop within {0} ms", waitMillis);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        NotificationStream stream = new NotificationStream();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setLinger(0);
            sub.setMaxMsgSize(config.maxMessageBytes());
            sub.setRcvHWM(config.receiveHighWaterMark());
            sub.setReconnectIVLMax((int) config.reconnectIntervalMax().toMillis());
            sub.setHandshakeIvl((int) config.handshakeTimeout().toMillis());
            sub.monitor(monitorAddress, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED);
            ZMQ.Socket monitor = context.createSocket(SocketType.PAIR);
            monitor.setLinger(0);
            monitor.connect(monitorAddress);
            // Options, then connect, then subscribe (dependencies.md §1.1, JeroMQ against bitcoind).
            for (String endpoint : config.endpoints()) {
                sub.connect(endpoint);
            }
            for (ZmqTopic topic : config.topics()) {
                sub.subscribe(topic.wireBytes());
            }
            ZMQ.Poller poller = context.createPoller(2);
            poller.register(sub, ZMQ.Poller.POLLIN);
            poller.register(monitor, ZMQ.Poller.POLLIN);
            int pollMillis = (int) config.pollInterval().toMillis();
            while (running) {
                if (poller.poll(pollMillis) < 0) {
                    LOG.log(Level.WARNING, "ZMQ poll failed (errno {0}); subscriber stops", sub.errno());
                    break;
                }
                // Connection events first: a reconnect resets the counters before new messages.
                if (poller.pollin(1)) {
                    drainMonitor(monitor, sub, stream);
                }
                if (poller.pollin(0)) {
                    drainMessages(sub, stream);
                }
            }
            poller.close();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "ZMQ subscriber stopped on an unexpected error", e);
        } finally {
            running = false;
        }
    }

    private void drainMonitor(ZMQ.Socket monitor, ZMQ.Socket sub, NotificationStream stream) {
        ZEvent event;
        while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
            if (event.getEvent() == ZMonitor.Event.CONNECTED) {
                deliver(stream.connected(event.getAddress()));
            } else if (event.getEvent() == ZMonitor.Event.DISCONNECTED) {
                rearm(sub, event.getAddress());
            }
        }
    }

    /**
     * After a disconnect JeroMQ reconnects by itself, except after a protocol error such as a
     * message over ZMQ_MAXMSGSIZE: like libzmq 4.1 ({@code session_base_t::engine_error}) it then
     * terminates the session for good, and the endpoint would stay silent forever. So every
     * disconnect re-issues the connect; for an ordinary disconnect that only restarts the retry.
     */
    private void rearm(ZMQ.Socket sub, String address) {
        LOG.log(Level.INFO, "ZMQ disconnected from {0}; reconnecting", address);
        for (String endpoint : config.endpoints()) {
            if (endpoint.equals(address) || !config.endpoints().contains(address)) {
                sub.disconnect(endpoint);
                sub.connect(endpoint);
            }
        }
    }

    /** Reads what is queued now, up to a bound, so the stop flag and monitor stay responsive. */
    private void drainMessages(ZMQ.Socket sub, NotificationStream stream) {
        for (int n = 0; n < 1000 && running; n++) {
            byte[] first = sub.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            List<byte[]> frames = new ArrayList<>(3);
            frames.add(first);
            while (sub.hasReceiveMore()) {
                // The rest of a multipart message is already here; its total size is capped by
                // maxMessageBytes. More or fewer than 3 frames decode as Undecodable.
                frames.add(sub.recv(0));
            }
            for (NotifierEvent e : stream.accept(frames)) {
                deliver(e);
            }
        }
    }

    private void deliver(NotifierEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "ZMQ listener failed on " + event.getClass().getSimpleName()
                    + "; event dropped", e);
        }
    }
}
