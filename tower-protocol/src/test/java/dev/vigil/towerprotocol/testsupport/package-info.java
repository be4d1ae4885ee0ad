/**
 * Test support every module's tests share through tower-protocol's test-jar: {@link
 * dev.vigil.towerprotocol.testsupport.SharedFiles} (the vectors and fixtures in {@code ../shared/}),
 * {@link dev.vigil.towerprotocol.testsupport.Backends} (every secp256k1 backend), {@link
 * dev.vigil.towerprotocol.testsupport.Await} (bounded waiting for another thread's outcome) and {@link
 * dev.vigil.towerprotocol.testsupport.LogCapture} (the log lines a test asserts on).
 */
package dev.vigil.towerprotocol.testsupport;
