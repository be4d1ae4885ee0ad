/**
 * JMH benchmarks and load generators, and the report they write. Nothing depends on it.
 */
package dev.vigil.bench;
