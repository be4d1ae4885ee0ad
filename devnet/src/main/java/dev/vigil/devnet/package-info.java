/**
 * An embedded regtest chain that speaks bitcoind's JSON-RPC and ZMQ, for demos and tests: a stand-in
 * for bitcoind on a laptop, never a replacement for it. (Arrives with issue 4.)
 */
package dev.vigil.devnet;
