/**
 * The Eye of Satoshi (teos) protocol as Vigil speaks it: value types (locators, user and tower ids,
 * txids with explicit byte order, appointments), blob crypto, LN message signing, receipts, wire DTOs
 * and the {@code ErrorCode} catalogue.
 *
 * <p>Pure: depends on the JDK, BouncyCastle, Jackson (JSON tree only) and a secp256k1 backend.
 * No Vert.x, MapDB or JeroMQ (enforced by the build).
 */
package dev.vigil.towerprotocol;
