/** Benchmarks of breach-detector: block parsing, txids and locators per block. */
package dev.vigil.bench.chain;
