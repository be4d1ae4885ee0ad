package dev.vigil.towerserver.monitor;

import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.block.ParseResult;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.Outpoint;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** Serialized segwit transactions of a chosen shape, for the spends the tests classify and mine. */
final class SpendTxs {
    private SpendTxs() {}

    /** One input: what it spends, its sequence and its witness stack. */
    record In(Outpoint prevout, long sequence, List<byte[]> witness) {}

    /** A version 2 segwit transaction with these inputs, {@code outputs} P2WPKH outputs of 1,000 sat and {@code lockTime}. */
    static Bytes tx(List<In> inputs, int outputs, long lockTime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, 2, 4);
        out.write(0);
        out.write(1);
        compact(out, inputs.size());
        for (In in : inputs) {
            out.writeBytes(in.prevout().serialize());
            out.write(0); // empty scriptSig
            le(out, in.sequence(), 4);
        }
        compact(out, outputs);
        for (int i = 0; i < outputs; i++) {
            le(out, 1_000 + i, 8);
            byte[] script = new byte[22];
            script[1] = 0x14;
            script[2] = (byte) i;
            compact(out, script.length);
            out.writeBytes(script);
        }
        for (In in : inputs) {
            compact(out, in.witness().size());
            for (byte[] item : in.witness()) {
                compact(out, item.length);
                out.writeBytes(item);
            }
        }
        le(out, lockTime, 4);
        return Bytes.of(out.toByteArray());
    }

    /** A BOLT 3 style witness for a 2-of-2 spend: empty, two 72-byte "signatures", the funding script. */
    static List<byte[]> fundingWitness(byte[] fundingScript) {
        byte[] sig = new byte[72];
        Arrays.fill(sig, (byte) 0x30);
        return List.of(new byte[0], sig, sig, fundingScript);
    }

    /** A coinbase transaction (non-segwit) paying to nothing in particular; {@code tag} makes it unique. */
    static Bytes coinbase(int tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, 1, 4);
        out.write(1);
        out.writeBytes(new byte[32]);
        le(out, 0xffffffffL, 4);
        out.write(4);
        le(out, tag, 4);
        le(out, 0xffffffffL, 4);
        out.write(1);
        le(out, 50, 8);
        out.write(1);
        out.write(0x51);
        le(out, 0, 4);
        return Bytes.of(out.toByteArray());
    }

    static Transaction parse(Bytes raw) {
        ParseResult<Transaction> r = Transaction.parse(raw);
        if (r instanceof ParseResult.Ok<Transaction> ok) {
            return ok.value();
        }
        throw new IllegalStateException("does not parse: " + r);
    }

    private static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static void compact(ByteArrayOutputStream out, int n) {
        if (n < 0xfd) {
            out.write(n);
        } else if (n <= 0xffff) {
            out.write(0xfd);
            le(out, n, 2);
        } else {
            out.write(0xfe);
            le(out, n, 4);
        }
    }
}
