package dev.vigil.towerprotocol.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property tests (seeded) for hex and zbase32, plus their strictness. */
class EncodingRoundTripTest {
    @Test
    void hexRoundTripsAndIsLowercase() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[random.nextInt(100)];
            random.nextBytes(b);
            String h = Hex.encode(b);
            assertEquals(h.toLowerCase(java.util.Locale.ROOT), h);
            assertArrayEquals(b, Hex.decode(h));
            assertArrayEquals(b, Hex.decode(h.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void hexRejectsOddLengthAndNonHexWithAReason() {
        assertTrue(Hex.tryDecode("abc").isEmpty());
        assertTrue(Hex.tryDecode("zz").isEmpty());
        assertTrue(Hex.tryDecode("0x00").isEmpty());
        assertEquals("odd number of hex digits (3)", Hex.problem("abc").orElseThrow().describe());
        assertEquals("invalid hex character at position 1", Hex.problem("az").orElseThrow().describe());
        assertEquals(Optional.of(new Hex.Problem(Hex.Problem.Kind.INVALID_CHARACTER, 1)), Hex.problem("az"));
        assertEquals(Optional.of(new Hex.Problem(Hex.Problem.Kind.ODD_LENGTH, 3)), Hex.problem("azc"));
        assertEquals(Optional.empty(), Hex.problem("00ff"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("g0"));
    }

    @Test
    void zbase32RoundTripsAndHasOneEncodingPerValue() {
        Random random = new Random(2);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            String z = ZBase32.encode(b);
            assertEquals((b.length * 8 + 4) / 5, z.length());
            assertArrayEquals(b, ZBase32.decode(z).orElseThrow());
        }
        assertEquals(104, ZBase32.encode(new byte[65]).length());
    }

    @Test
    void zbase32IsStrict() {
        assertEquals(Optional.empty(), ZBase32.decode("Y"));       // uppercase is not in the alphabet
        assertEquals(Optional.empty(), ZBase32.decode("l"));       // neither is 'l'
        assertEquals(Optional.empty(), ZBase32.decode("yé"));
        assertEquals(Optional.empty(), ZBase32.decode("yb"));      // 10 bits: 2 padding bits set ('b' = 1)
        assertNotNull(ZBase32.decode("yy").orElse(null));          // padding bits zero: one byte 0x00
        assertArrayEquals(new byte[] {0}, ZBase32.decode("yy").orElseThrow());
        assertEquals(Optional.empty(), ZBase32.decode("yyy"));     // 15 bits: a character of padding only
        assertArrayEquals(new byte[0], ZBase32.decode("").orElseThrow());
    }

    @Test
    void bytesIsAValue() {
        byte[] raw = {1, 2, 3};
        Bytes b = Bytes.of(raw);
        raw[0] = 9;
        assertEquals(Bytes.fromHex("010203"), b);
        b.toArray()[1] = 9;
        assertEquals("010203", b.toHex());
        assertEquals("030201", b.reversed().toHex());
        assertEquals(Bytes.fromHex("0102030a"), b.concat(Bytes.fromHex("0a")));
        assertTrue(Bytes.fromHex("00ff").compareTo(Bytes.fromHex("0100")) < 0);
        assertTrue(Bytes.fromHex("ff").compareTo(Bytes.fromHex("ff00")) < 0);
        assertEquals(Bytes.fromHex("0102").hashCode(), Bytes.of(new byte[] {1, 2}).hashCode());
    }
}
