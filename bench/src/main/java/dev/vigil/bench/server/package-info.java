/** Load generators against a real tower: durable intake over HTTP. */
package dev.vigil.bench.server;
