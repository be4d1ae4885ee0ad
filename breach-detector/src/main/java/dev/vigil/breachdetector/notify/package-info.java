/**
 * bitcoind's ZMQ notifications as values: decoding the three frames of a message (topic, body,
 * 4-byte little-endian sequence; bitcoind doc/zmq.md "Message format"), tracking each topic's
 * sequence counter to detect lost messages and node restarts, and the listener port through which
 * the socket adapter hands them on.
 *
 * <p>Pure: depends on {@code dev.vigil.breachdetector.block}, tower-protocol's encoding and the JDK;
 * no JeroMQ (the socket lives in {@code dev.vigil.breachdetector.zmq}). ZMQ is a doorbell, not a
 * log: any gap, reset or (re)connection means "reconcile over RPC now" (DESIGN §3). A
 * {@code rawblock} body is decoded into a parsed block, which the follower may connect as it is
 * when it extends the tip.
 */
package dev.vigil.breachdetector.notify;
