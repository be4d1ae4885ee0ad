package dev.vigil.bench.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.ParseResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 *
 * <p>The parse also records every input (docs/monitoring.md 4.1); {@link #vigilParseAndReadInputs}
 * adds what the watch step then reads of each input (its prevout key, whether it is a 2-of-2 spend)
 * and hashes the funding scripts in place, so the two figures side by side give the cost of that
 * pass over the recorded inputs.
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
    private MessageDigest sha256;

    @Setup
    public void load() throws IOException, NoSuchAlgorithmException {
        Path shared = Path.of(System.getProperty("vigil.shared.dir", "../shared"));
        raw = Files.readAllBytes(shared.resolve("fixtures/blocks").resolve(file));
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public void vigilParseTxidsLocators(Blackhole bh) {
        parseTxidsLocators(bh);
    }

    /** The same parse, then one pass over the recorded inputs as the watch step makes it (4.2). */
    @Benchmark
    public void vigilParseAndReadInputs(Blackhole bh) {
        Block b = parseTxidsLocators(bh);
        long keys = 0;
        int scripts = 0;
        for (int k = 0; k < b.inputCount(); k++) {
            keys ^= b.prevoutKey(k);
            int at = b.fundingScriptAt(k);
            if (at >= 0) {
                b.digestRaw(sha256, b.prevoutOffset(k), Block.PREVOUT_LENGTH);
                b.digestRaw(sha256, at, Block.FUNDING_SCRIPT_LENGTH);
                bh.consume(sha256.digest());
                scripts++;
            }
        }
        bh.consume(keys);
        bh.consume(scripts);
    }

    private Block parseTxidsLocators(Blackhole bh) {
        ParseResult<Block> r = Block.parse(raw);
        Block b = ((ParseResult.Ok<Block>) r).value();
        bh.consume(b.locators());
        bh.consume(b.hash());
        return b;
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
