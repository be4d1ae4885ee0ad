/**
 * BOLT 3 keys and secrets, commitment scripts, locating revoked outputs, and building and signing
 * justice transactions. Pure: tower-protocol, bitcoinj and BouncyCastle only; no bitcoinj type leaks
 * out of the public API.
 */
package dev.vigil.justicetxbuilder;
