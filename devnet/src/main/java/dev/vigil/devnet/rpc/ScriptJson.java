package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.Regtest;
import dev.vigil.devnet.chain.ScriptType;
import fr.acinq.bitcoin.Bitcoin;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OP_PUSHDATA;
import fr.acinq.bitcoin.Script;
import fr.acinq.bitcoin.ScriptElt;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** Script descriptions in RPC results: {@code asm}, {@code desc}, {@code address}, {@code type} (core_write.cpp). */
final class ScriptJson {
    private static final String INPUT_CHARSET =
            "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private ScriptJson() {
    }

    /** {@code ScriptToUniv} for an output script: asm, desc, hex, address (if any), type. */
    static JsonObject scriptPubKey(ByteVector script) {
        JsonObject o = new JsonObject();
        Optional<String> address = address(script);
        o.put("asm", asm(script.toByteArray(), false));
        o.put("desc", descriptor(address.map(a -> "addr(" + a + ")").orElse("raw(" + script.toHex() + ")")));
        o.put("hex", script.toHex());
        address.ifPresent(a -> o.put("address", a));
        o.put("type", ScriptType.of(script).rpcName());
        return o;
    }

    static Optional<String> address(ByteVector script) {
        ScriptType type = ScriptType.of(script);
        if (type == ScriptType.NONSTANDARD || type == ScriptType.NULL_DATA || type == ScriptType.MULTISIG
                || type == ScriptType.PUBKEY) {
            return Optional.empty();
        }
        try {
            var either = Bitcoin.addressFromPublicKeyScript(Regtest.CHAIN_HASH, script.toByteArray());
            return either.isRight() ? Optional.of(either.getRight()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The output script an address or {@code raw(hex)}/{@code addr(a)} descriptor stands for. */
    static Optional<ByteVector> scriptFor(String addressOrDescriptor) {
        String s = addressOrDescriptor.trim();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        if (s.startsWith("raw(") && s.endsWith(")")) {
            try {
                return Optional.of(ByteVector.fromHex(s.substring(4, s.length() - 1)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        if (s.startsWith("addr(") && s.endsWith(")")) {
            s = s.substring(5, s.length() - 1);
        }
        try {
            var either = Bitcoin.addressToPublicKeyScript(Regtest.CHAIN_HASH, s);
            return either.isRight() ? Optional.of(new ByteVector(Script.write(either.getRight()))) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code ScriptToAsmStr}: small numbers as decimals, pushes as hex, signatures with their sighash name. */
    static String asm(byte[] script, boolean decodeSighash) {
        List<ScriptElt> elements;
        try {
            elements = Script.parse(script);
        } catch (RuntimeException e) {
            return "[error]";
        }
        StringBuilder out = new StringBuilder();
        for (ScriptElt e : elements) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (e instanceof OP_PUSHDATA push) {
                byte[] data = push.data.toByteArray();
                if (data.length == 0) {
                    out.append('0');
                } else if (data.length <= 4) {
                    out.append(Script.decodeNumber(data, false, 4));
                } else if (decodeSighash && data.length > 9 && (data[0] & 0xff) == 0x30) {
                    out.append(new ByteVector(data).dropRight(1).toHex()).append(sighashName(data[data.length - 1]));
                } else {
                    out.append(push.data.toHex());
                }
            } else if (Script.isSimpleValue(e)) {
                out.append(Script.simpleValue(e));
            } else {
                out.append(e.getClass().getSimpleName());
            }
        }
        return out.toString();
    }

    private static String sighashName(byte b) {
        int type = b & 0xff;
        String base = switch (type & 0x1f) {
            case 1 -> "ALL";
            case 2 -> "NONE";
            case 3 -> "SINGLE";
            default -> null;
        };
        if (base == null) {
            return String.format(java.util.Locale.ROOT, "%02x", type);
        }
        return "[" + base + ((type & 0x80) != 0 ? "|ANYONECANPAY" : "") + "]";
    }

    /** The descriptor with its checksum ({@code DescriptorChecksum} in script/descriptor.cpp). */
    static String descriptor(String desc) {
        long c = 1;
        int cls = 0;
        int clsCount = 0;
        for (int i = 0; i < desc.length(); i++) {
            int pos = INPUT_CHARSET.indexOf(desc.charAt(i));
            if (pos < 0) {
                return desc;
            }
            c = polyMod(c, pos & 31);
            cls = cls * 3 + (pos >> 5);
            if (++clsCount == 3) {
                c = polyMod(c, cls);
                cls = 0;
                clsCount = 0;
            }
        }
        if (clsCount > 0) {
            c = polyMod(c, cls);
        }
        for (int j = 0; j < 8; j++) {
            c = polyMod(c, 0);
        }
        c ^= 1;
        StringBuilder out = new StringBuilder(desc).append('#');
        for (int j = 0; j < 8; j++) {
            out.append(CHECKSUM_CHARSET.charAt((int) ((c >>> (5 * (7 - j))) & 31)));
        }
        return out.toString();
    }

    private static long polyMod(long c, int val) {
        long c0 = c >>> 35;
        c = ((c & 0x7ffffffffL) << 5) ^ val;
        if ((c0 & 1) != 0) {
            c ^= 0xf5dee51989L;
        }
        if ((c0 & 2) != 0) {
            c ^= 0xa9fdca3312L;
        }
        if ((c0 & 4) != 0) {
            c ^= 0x1bab10e32dL;
        }
        if ((c0 & 8) != 0) {
            c ^= 0x3706b1677aL;
        }
        if ((c0 & 16) != 0) {
            c ^= 0x644d626ffdL;
        }
        return c;
    }
}
