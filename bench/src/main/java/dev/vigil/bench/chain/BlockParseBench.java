package dev.vigil.bench.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.ParseResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a block and computing every txid and locator (what the tower does per block), against
 * bitcoinj's {@code Block.read} + {@code getTxId()} as the baseline in the same run (the figure in
 * reference/hot-path-costs.md §3.2). Blocks from {@code ../shared/fixtures/blocks/}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockParseBench {
    @Param({"regtest-segwit-4000.raw", "mainnet-413567.raw"})
    public String file;

    private byte[] raw;

    @Setup
    public void load() throws IOException {
        Path shared = Path.of(System.getProperty("vigil.shared.dir", "../shared"));
        raw = Files.readAllBytes(shared.resolve("fixtures/blocks").resolve(file));
    }

    @Benchmark
    public void vigilParseTxidsLocators(Blackhole bh) {
        ParseResult<Block> r = Block.parse(raw);
        Block b = ((ParseResult.Ok<Block>) r).value();
        bh.consume(b.locators());
        bh.consume(b.hash());
    }

    /** Baseline: bitcoinj parses the block and hashes every transaction. */
    @Benchmark
    public void bitcoinjBaseline(Blackhole bh) {
        org.bitcoinj.core.Block b = org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw));
        for (Transaction tx : b.getTransactions()) {
            Sha256Hash id = tx.getTxId();
            bh.consume(id);
        }
    }
}
