/** Benchmarks of tower-protocol's hot paths: signatures (intake) and blob decryption (breach). */
package dev.vigil.bench.protocol;
