package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.concurrent.CompletionStage;

/**
 * Port: hands transactions to bitcoind (rust-teos's "Carrier").
 *
 * <p><b>Contract.</b> {@code broadcast} sends the raw transaction with {@code maxfeerate = 0} (a
 * justice transaction's fee is fixed by the wallet; bitcoind's fee cap must not refuse it) and
 * completes with the classified answer. It never fails exceptionally: transport failures are
 * {@link BroadcastOutcome.Unreachable}. Within one call an implementation may ride out a node's
 * brief hiccup (the bitcoind carrier's RPC client retries a refused or failed connection, a timeout,
 * a 401 after re-reading the cookie, a 503 or a warm-up {@code -28} under {@code bitcoind.retry.*},
 * then answers {@code Unreachable}; a timeout may send the same transaction twice, which bitcoind
 * answers as already known); it never retries a classified answer and keeps nothing between calls: whether and when to send again, across blocks, is
 * the responder's decision. Completes on any thread; the responder hops back to its own. Safe to call
 * concurrently.
 */
public interface Carrier {
    CompletionStage<BroadcastOutcome> broadcast(Bytes rawTransaction);
}
