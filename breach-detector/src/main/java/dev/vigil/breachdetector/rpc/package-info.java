/**
 * A bitcoind JSON-RPC client in plain Java: the calls the tower needs (chain walking, blocks,
 * transactions, broadcasting, fee estimates, mempool), cookie or user/password authentication,
 * retries with backoff, and bitcoind's error codes as typed values.
 *
 * <p>HTTP goes through the {@link dev.vigil.breachdetector.rpc.RpcTransport} port; the default
 * {@link dev.vigil.breachdetector.rpc.JdkHttpRpcTransport} uses {@code java.net.http}, and the server
 * may supply a Vert.x one. {@link dev.vigil.breachdetector.rpc.BitcoindChainSource} adapts it to the
 * chain follower's port. Depends on {@code dev.vigil.breachdetector.block} and
 * {@code dev.vigil.breachdetector.chain} (for the port it implements), tower-protocol's encoding,
 * Jackson's tree model and the JDK; no Vert.x, MapDB or JeroMQ.
 */
package dev.vigil.breachdetector.rpc;
