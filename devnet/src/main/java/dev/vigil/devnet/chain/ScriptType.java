package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.ByteVector;

/**
 * Output script templates as bitcoind's {@code Solver} (script/solver.cpp) recognises them, with the names
 * {@code GetTxnOutputType} prints in RPC results.
 */
public enum ScriptType {
    NONSTANDARD("nonstandard"),
    PUBKEY("pubkey"),
    PUBKEYHASH("pubkeyhash"),
    SCRIPTHASH("scripthash"),
    MULTISIG("multisig"),
    NULL_DATA("nulldata"),
    ANCHOR("anchor"),
    WITNESS_V0_KEYHASH("witness_v0_keyhash"),
    WITNESS_V0_SCRIPTHASH("witness_v0_scripthash"),
    WITNESS_V1_TAPROOT("witness_v1_taproot"),
    WITNESS_UNKNOWN("witness_unknown");

    private static final int OP_0 = 0x00;
    private static final int OP_1 = 0x51;
    private static final int OP_16 = 0x60;
    private static final int OP_RETURN = 0x6a;
    private static final int OP_CHECKSIG = 0xac;
    private static final int OP_CHECKMULTISIG = 0xae;

    private final String rpcName;

    ScriptType(String rpcName) {
        this.rpcName = rpcName;
    }

    /** The name RPC results print ({@code scriptPubKey.type}). */
    public String rpcName() {
        return rpcName;
    }

    public static ScriptType of(ByteVector script) {
        return of(script.toByteArray());
    }

    public static ScriptType of(byte[] s) {
        int n = s.length;
        if (n == 25 && u(s, 0) == 0x76 && u(s, 1) == 0xa9 && u(s, 2) == 20 && u(s, 23) == 0x88 && u(s, 24) == 0xac) {
            return PUBKEYHASH;
        }
        if (n == 23 && u(s, 0) == 0xa9 && u(s, 1) == 20 && u(s, 22) == 0x87) {
            return SCRIPTHASH;
        }
        int version = witnessVersion(s);
        if (version >= 0) {
            int programLength = n - 2;
            if (version == 0 && programLength == 20) {
                return WITNESS_V0_KEYHASH;
            }
            if (version == 0 && programLength == 32) {
                return WITNESS_V0_SCRIPTHASH;
            }
            if (version == 1 && programLength == 32) {
                return WITNESS_V1_TAPROOT;
            }
            if (version == 1 && programLength == 2 && u(s, 2) == 0x4e && u(s, 3) == 0x73) {
                return ANCHOR;
            }
            return version != 0 ? WITNESS_UNKNOWN : NONSTANDARD;
        }
        if (n >= 1 && u(s, 0) == OP_RETURN && isPushOnly(s, 1)) {
            return NULL_DATA;
        }
        if ((n == 35 && u(s, 0) == 33 || n == 67 && u(s, 0) == 65) && u(s, n - 1) == OP_CHECKSIG) {
            return PUBKEY;
        }
        if (isMultisig(s)) {
            return MULTISIG;
        }
        return NONSTANDARD;
    }

    /** {@code CScript::IsWitnessProgram}: the version, or -1 if this is not a witness program. */
    public static int witnessVersion(byte[] s) {
        int n = s.length;
        if (n < 4 || n > 42) {
            return -1;
        }
        int op = u(s, 0);
        if (op != OP_0 && (op < OP_1 || op > OP_16)) {
            return -1;
        }
        if (u(s, 1) + 2 != n) {
            return -1;
        }
        return op == OP_0 ? 0 : op - OP_1 + 1;
    }

    /** {@code CScript::IsUnspendable}: starts with OP_RETURN or is larger than MAX_SCRIPT_SIZE. */
    public static boolean isUnspendable(byte[] s) {
        return s.length > 0 && u(s, 0) == OP_RETURN || s.length > 10_000;
    }

    /** {@code CScript::IsPushOnly} from {@code from}: only pushes and OP_1NEGATE..OP_16 (not OP_RESERVED). */
    public static boolean isPushOnly(byte[] s, int from) {
        int i = from;
        while (i < s.length) {
            int op = u(s, i++);
            if (op <= 0x4e) {
                int len;
                if (op < 0x4c) {
                    len = op;
                } else if (op == 0x4c) {
                    if (i + 1 > s.length) {
                        return false;
                    }
                    len = u(s, i);
                    i += 1;
                } else if (op == 0x4d) {
                    if (i + 2 > s.length) {
                        return false;
                    }
                    len = u(s, i) | u(s, i + 1) << 8;
                    i += 2;
                } else {
                    if (i + 4 > s.length) {
                        return false;
                    }
                    len = u(s, i) | u(s, i + 1) << 8 | u(s, i + 2) << 16 | u(s, i + 3) << 24;
                    i += 4;
                }
                if (len < 0 || i + len > s.length) {
                    return false;
                }
                i += len;
            } else if (op > OP_16 || op == 0x50) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMultisig(byte[] s) {
        int n = s.length;
        if (n < 3 || u(s, n - 1) != OP_CHECKMULTISIG) {
            return false;
        }
        int m = u(s, 0);
        int keysOp = u(s, n - 2);
        if (m < OP_1 || m > OP_16 || keysOp < OP_1 || keysOp > OP_16) {
            return false;
        }
        int required = m - OP_1 + 1;
        int keys = keysOp - OP_1 + 1;
        int i = 1;
        int count = 0;
        while (i < n - 2) {
            int len = u(s, i);
            if (len != 33 && len != 65 || i + 1 + len > n - 2) {
                return false;
            }
            i += 1 + len;
            count++;
        }
        return count == keys && required <= keys;
    }

    /** For a multisig script: {m, n}. */
    static int[] multisigCounts(byte[] s) {
        return new int[] {u(s, 0) - OP_1 + 1, u(s, s.length - 2) - OP_1 + 1};
    }

    private static int u(byte[] s, int i) {
        return s[i] & 0xff;
    }
}
