/**
 * {@code vigil devnet --demo}: a breach caught end to end, on a fresh devnet chain and tower store.
 * {@link dev.vigil.vigilapp.demo.BreachDemo} runs it and prints its timeline; the channel is a real
 * BOLT 3 {@code option_static_remotekey} channel between a demo wallet ({@link dev.vigil.vigilapp.demo.DemoWallet},
 * protected through the client SDK over HTTP) and a counterparty
 * ({@link dev.vigil.vigilapp.demo.DemoCounterparty}) that builds its own commitments and finally
 * broadcasts a revoked one. The two channel classes are written to be read as example code by wallet
 * developers: what a wallet holds and reports, and what a counterparty's commitment looks like.
 *
 * <p>Dependencies: client-sdk (the wallet's side, as a wallet embeds it), justice-tx-builder (BOLT 3
 * keys and scripts), tower-protocol, bitcoin-kmp (the counterparty's transactions and the check of
 * the tower's justice transaction) and the devnet's facade (funding, broadcasting, mining). Nothing of
 * the tower's internals: the demo reaches the tower through its HTTP API alone, as a wallet does.
 */
package dev.vigil.vigilapp.demo;
