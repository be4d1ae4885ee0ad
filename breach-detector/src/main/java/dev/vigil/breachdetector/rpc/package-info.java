/**
 * A bitcoind JSON-RPC client in plain Java: the calls the tower makes (walking the chain, fetching
 * blocks, broadcasting), cookie or user/password authentication, retries with backoff, and
 * bitcoind's error codes as typed values. {@link dev.vigil.breachdetector.rpc.BitcoindRpcClient} is
 * the typed facade over {@code JsonRpcCaller}, the call loop (framing, retries, cookie re-reads).
 *
 * <p>HTTP goes through the {@link dev.vigil.breachdetector.rpc.RpcTransport} port, implemented by
 * {@link dev.vigil.breachdetector.rpc.JdkHttpRpcTransport} over {@code java.net.http}.
 * {@link dev.vigil.breachdetector.rpc.BitcoindChainSource} adapts the client to the
 * chain follower's port. Depends on {@code dev.vigil.breachdetector.block} and
 * {@code dev.vigil.breachdetector.chain} (for the port it implements), tower-protocol's encoding,
 * Jackson's tree model and the JDK; no Vert.x, MapDB or JeroMQ.
 */
package dev.vigil.breachdetector.rpc;
