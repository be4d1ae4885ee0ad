package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The snapshot's bytes: UTF-8 lines of space-separated fields, so a support engineer can read one.
 *
 * <pre>
 * vigil-outbox 1
 * subscription &lt;tower&gt; &lt;slots&gt; &lt;start&gt; &lt;expiry&gt;
 * misbehaving &lt;tower&gt; &lt;detected-at-ms&gt; &lt;reason utf-8 hex&gt; [&lt;receipt fields&gt;]
 * pending &lt;tower&gt; &lt;locator&gt; &lt;blob&gt; &lt;to_self_delay&gt; &lt;user sig&gt; &lt;enqueued-at-ms&gt; &lt;rejection utf-8 hex | -&gt;
 * receipt &lt;tower&gt; &lt;locator&gt; &lt;blob&gt; &lt;to_self_delay&gt; &lt;user sig&gt; &lt;start_block&gt; &lt;tower sig&gt;
 * end &lt;CRC-32 of every byte before this line, 8 hex digits&gt;
 * </pre>
 *
 * Hex is lowercase, signatures are zbase32 (no spaces). The CRC catches a store that is not as
 * atomic as {@link SnapshotStore} requires: a torn or truncated snapshot is refused, never half-read.
 * Subscriptions and misbehaviour are written in tower-id order, so equal snapshots encode equally.
 */
public final class OutboxSnapshotCodec {
    static final String MAGIC = "vigil-outbox 1";

    private OutboxSnapshotCodec() {}

    /** The outcome of {@link #decode}. */
    public sealed interface Decoded {
        record Ok(OutboxSnapshot snapshot) implements Decoded {
            public Ok {
                Objects.requireNonNull(snapshot, "snapshot");
            }
        }

        /** Not a snapshot this version wrote, or damaged: {@code reason} says where. */
        record Corrupt(String reason) implements Decoded {
            public Corrupt {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    public static byte[] encode(OutboxSnapshot s) {
        StringBuilder b = new StringBuilder(256 + s.pending().size() * 600 + s.receipts().size() * 700);
        b.append(MAGIC).append('\n');
        Comparator<TowerId> byHex = Comparator.comparing(TowerId::toHex);
        s.subscriptions().entrySet().stream().sorted(Map.Entry.comparingByKey(byHex)).forEach(e -> b.append("subscription ")
                .append(e.getKey().toHex()).append(' ').append(e.getValue().availableSlots()).append(' ')
                .append(e.getValue().start()).append(' ').append(e.getValue().expiry()).append('\n'));
        s.misbehaving().entrySet().stream().sorted(Map.Entry.comparingByKey(byHex)).forEach(e -> {
            Misbehaviour m = e.getValue();
            b.append("misbehaving ").append(m.tower().toHex()).append(' ').append(m.detectedAtMillis()).append(' ')
                    .append(utf8Hex(m.reason()));
            m.evidence().ifPresent(r -> b.append(' ').append(receiptFields(r)));
            b.append('\n');
        });
        for (PendingAppointment p : s.pending()) {
            b.append("pending ").append(p.tower().toHex()).append(' ').append(appointmentFields(p.appointment())).append(' ')
                    .append(p.userSignature()).append(' ').append(p.enqueuedAtMillis()).append(' ')
                    .append(p.rejection().map(OutboxSnapshotCodec::utf8Hex).orElse("-")).append('\n');
        }
        for (ReceiptProof r : s.receipts()) {
            b.append("receipt ").append(r.tower().toHex()).append(' ').append(receiptFields(r)).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("end " + crcHex(body, body.length) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + end.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(end, 0, out, body.length, end.length);
        return out;
    }

    public static Decoded decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        int endLine = lastLineStart(bytes);
        if (endLine < 0) {
            return new Decoded.Corrupt("no end line (truncated)");
        }
        String end = new String(bytes, endLine, bytes.length - endLine, StandardCharsets.UTF_8);
        if (!end.equals("end " + crcHex(bytes, endLine) + "\n")) {
            return new Decoded.Corrupt("checksum line does not match the content: " + end.trim());
        }
        String[] lines = new String(bytes, 0, endLine, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            return new Decoded.Corrupt("not a '" + MAGIC + "' snapshot");
        }
        Map<TowerId, Subscription> subscriptions = new HashMap<>();
        Map<TowerId, Misbehaviour> misbehaving = new HashMap<>();
        List<PendingAppointment> pending = new ArrayList<>();
        List<ReceiptProof> receipts = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) { // the last element is the empty text after the final '\n'
            String[] f = lines[i].split(" ", -1);
            try {
                switch (f[0]) {
                    case "subscription" -> {
                        need(f, 5);
                        subscriptions.put(TowerId.fromHex(f[1]),
                                new Subscription(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
                    }
                    case "misbehaving" -> {
                        if (f.length != 4 && f.length != 10) {
                            throw new IllegalArgumentException("misbehaving has 4 or 10 fields, not " + f.length);
                        }
                        TowerId t = TowerId.fromHex(f[1]);
                        Optional<ReceiptProof> evidence = f.length == 10 ? Optional.of(receipt(t, f, 4)) : Optional.empty();
                        misbehaving.put(t, new Misbehaviour(t, Long.parseLong(f[2]), fromUtf8Hex(f[3]), evidence));
                    }
                    case "pending" -> {
                        need(f, 8);
                        pending.add(new PendingAppointment(TowerId.fromHex(f[1]), appointment(f, 2), f[5], Long.parseLong(f[6]),
                                f[7].equals("-") ? Optional.empty() : Optional.of(fromUtf8Hex(f[7]))));
                    }
                    case "receipt" -> {
                        need(f, 8);
                        receipts.add(receipt(TowerId.fromHex(f[1]), f, 2));
                    }
                    default -> throw new IllegalArgumentException("unknown record '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                return new Decoded.Corrupt("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        try {
            return new Decoded.Ok(new OutboxSnapshot(subscriptions, misbehaving, pending, receipts));
        } catch (IllegalArgumentException e) {
            return new Decoded.Corrupt(e.getMessage());
        }
    }

    private static String appointmentFields(Appointment a) {
        return a.locator().toHex() + ' ' + a.encryptedBlob().toHex() + ' ' + a.toSelfDelay();
    }

    private static String receiptFields(ReceiptProof r) {
        return appointmentFields(r.appointment()) + ' ' + r.userSignature() + ' ' + r.startBlock() + ' ' + r.towerSignature();
    }

    private static Appointment appointment(String[] f, int at) {
        return new Appointment(Locator.fromHex(f[at]), Bytes.fromHex(f[at + 1]), Long.parseLong(f[at + 2]));
    }

    private static ReceiptProof receipt(TowerId tower, String[] f, int at) {
        return new ReceiptProof(tower, appointment(f, at), f[at + 3], Long.parseLong(f[at + 4]), f[at + 5]);
    }

    private static void need(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException(f[0] + " has " + n + " fields, not " + f.length);
        }
    }

    private static String utf8Hex(String s) {
        return s.isEmpty() ? "" : Hex.encode(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String fromUtf8Hex(String hex) {
        return new String(Hex.decode(hex), StandardCharsets.UTF_8);
    }

    private static int lastLineStart(byte[] bytes) {
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            return -1;
        }
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String crcHex(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }
}
