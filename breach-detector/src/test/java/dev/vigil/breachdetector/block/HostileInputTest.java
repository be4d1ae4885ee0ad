package dev.vigil.breachdetector.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, lying and corrupted input ends in a Malformed result, never an exception. */
class HostileInputTest {
    private static final byte[] MAINNET = SharedFiles.bytes("fixtures/blocks/mainnet-413567.raw");

    private static ParseResult.Malformed<Block> malformed(byte[] raw) {
        ParseResult<Block> r = Block.parse(raw);
        if (r instanceof ParseResult.Malformed<Block> m) {
            return m;
        }
        return fail("expected a malformed result, got " + r);
    }

    /** The header and the transaction-count prefix of the mainnet block, with the count replaced. */
    private static byte[] headerWithCount(String countHex, int extraZeros) {
        byte[] count = Hex.decode(countHex);
        byte[] b = new byte[80 + count.length + extraZeros];
        System.arraycopy(MAINNET, 0, b, 0, 80);
        System.arraycopy(count, 0, b, 80, count.length);
        return b;
    }

    @Test
    void everyTruncationIsMalformed() {
        // Cut at many points, including inside the header, a varint, a script and the last locktime.
        for (int cut = 0; cut < MAINNET.length; cut += 997) {
            malformed(Arrays.copyOf(MAINNET, cut));
        }
        for (int cut = MAINNET.length - 40; cut < MAINNET.length; cut++) {
            ParseResult.Malformed<Block> m = malformed(Arrays.copyOf(MAINNET, cut));
            assertTrue(m.reason().startsWith("truncated"), m.reason());
        }
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] longer = Arrays.copyOf(MAINNET, MAINNET.length + 3);
        ParseResult.Malformed<Block> m = malformed(longer);
        assertEquals(MAINNET.length, m.offset());
        assertTrue(m.reason().contains("3 trailing bytes"), m.reason());
    }

    @Test
    void absurdTransactionCountsAreRejectedBeforeAllocating() {
        // 2^64-1, 2^32-1 and MAX_SIZE+1: none may allocate per-transaction arrays.
        assertTrue(malformed(headerWithCount("ffffffffffffffffff", 0)).reason().contains("too large"));
        assertTrue(malformed(headerWithCount("feffffffff", 0)).reason().contains("too large"));
        assertTrue(malformed(headerWithCount("fe01000002", 0)).reason().contains("too large"));
        // Within MAX_SIZE but more than the bytes present could hold.
        assertTrue(malformed(headerWithCount("fe00000002", 100)).reason().contains("cannot fit"));
        assertTrue(malformed(headerWithCount("00", 0)).reason().contains("at least one"));
    }

    @Test
    void nonCanonicalCompactSizesAreRejected() {
        assertTrue(malformed(headerWithCount("fd0100", 20)).reason().contains("non-canonical"));
        assertTrue(malformed(headerWithCount("fe01000000", 20)).reason().contains("non-canonical"));
        assertTrue(malformed(headerWithCount("ff0100000000000000", 20)).reason().contains("non-canonical"));
    }

    @Test
    void lyingScriptLengthIsMalformed() {
        // version 1, 1 input whose scriptSig claims 0xfffff bytes.
        ParseResult<Transaction> r = Transaction.parse(Hex.decode(
                "01000000" + "01" + "00".repeat(36) + "fefff0ff00" + "00"));
        assertInstanceOf(ParseResult.Malformed.class, r);
    }

    @Test
    void segwitFlagRulesFollowBitcoind() {
        String input = "01" + "11".repeat(32) + "00000000" + "00" + "ffffffff";
        String output = "01" + "0100000000000000" + "00";
        // Unknown flag bits.
        assertInstanceOf(ParseResult.Malformed.class,
                Transaction.parse(Hex.decode("02000000" + "0002" + input + output + "00000000")));
        // Flag 1 with every witness empty: "superfluous witness record".
        ParseResult<Transaction> r = Transaction.parse(Hex.decode("02000000" + "0001" + input + output
                + "00" + "00000000"));
        assertTrue(((ParseResult.Malformed<Transaction>) r).reason().contains("superfluous"));
        // The same with one witness item parses, and its txid differs from its wtxid.
        Transaction t = Transaction.parse(Hex.decode("02000000" + "0001" + input + output
                + "0101ab" + "00000000")).orElseThrow();
        assertEquals(1, t.inputs().get(0).witness().size());
        assertTrue(!t.txid().equals(t.wtxid()));
        // Version, no inputs, flag 0: an empty transaction, as bitcoind reads it.
        Transaction empty = Transaction.parse(Hex.decode("02000000" + "0000" + "00000000")).orElseThrow();
        assertTrue(empty.inputs().isEmpty() && empty.outputs().isEmpty());
    }

    @Test
    void emptyAndTinyInputsAreMalformed() {
        malformed(new byte[0]);
        malformed(new byte[79]);
        malformed(new byte[81]);
        assertInstanceOf(ParseResult.Malformed.class, Transaction.parse(new byte[0]));
        assertInstanceOf(ParseResult.Malformed.class, Transaction.parse(new byte[] {1, 0, 0}));
    }

    @Test
    void oversizedBlockIsRejected() {
        assertTrue(malformed(new byte[Block.MAX_SERIALIZED_SIZE + 1]).reason().contains("exceeds"));
    }

    @Test
    void randomCorruptionNeverThrows() {
        byte[] small = SharedFiles.bytes("fixtures/blocks/regtest-segwit-4000.raw");
        small = Arrays.copyOf(small, 20_000); // header and the first ~80 transactions
        Random random = new Random(4);
        for (int round = 0; round < 300; round++) {
            byte[] b = small.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                b[81 + random.nextInt(b.length - 81)] = (byte) random.nextInt(256);
            }
            ParseResult<Block> r = Block.parse(b);
            assertTrue(r instanceof ParseResult.Malformed || r instanceof ParseResult.Ok);
            ParseResult<Transaction> t = Transaction.parse(Arrays.copyOfRange(b, 81, 81 + random.nextInt(2000)));
            assertTrue(t instanceof ParseResult.Malformed || t instanceof ParseResult.Ok);
        }
    }
}
