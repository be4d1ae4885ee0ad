/**
 * The ZMQ adapter: a JeroMQ SUB socket on its own thread, subscribed to bitcoind's publishers,
 * handing decoded notifications to a {@link dev.vigil.breachdetector.notify.NotificationListener}.
 *
 * <p>The only package of the project's core that may import {@code org.zeromq} (DESIGN §1). It
 * depends on {@code dev.vigil.breachdetector.notify} for decoding and sequence tracking and holds
 * no chain logic.
 */
package dev.vigil.breachdetector.zmq;
