/**
 * Text and byte encodings the protocol needs (hex, zbase32, big-endian integers), written to run on
 * Android as well as the JVM. Depends on the JDK only.
 */
package dev.vigil.towerprotocol.encoding;
