/**
 * The devnet's ZMQ publishers, framed exactly as bitcoind's ({@code doc/zmq.md},
 * {@code zmq/zmqpublishnotifier.cpp}): three frames per message, topic | body | 4-byte little-endian per-topic
 * counter starting at 0, hashes in display byte order, {@code sequence} bodies {@code hash|C/D} or
 * {@code txid|A/R|mempool sequence (8 bytes LE)}.
 *
 * <p>{@link dev.vigil.devnet.zmq.ZmqNotifications} turns chain events into messages (pure, called on the chain
 * thread); {@link dev.vigil.devnet.zmq.ZmqPublisher} owns the PUB sockets on its own thread, bound to 127.0.0.1
 * only. Depends on JeroMQ, bitcoin-kmp and the devnet's {@code chain} package.
 */
package dev.vigil.devnet.zmq;
