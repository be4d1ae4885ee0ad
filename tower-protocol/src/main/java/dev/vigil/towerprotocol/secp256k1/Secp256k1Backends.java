package dev.vigil.towerprotocol.secp256k1;

/**
 * Chooses the secp256k1 backend once per process: libsecp256k1 (JNI) when it loads, otherwise the
 * pure-Java BouncyCastle fallback. The reason for a fallback is kept so that the application can log
 * it; this module does no logging itself (it also runs on Android, which has no System.Logger).
 */
public final class Secp256k1Backends {
    private static final class Holder {
        static final NativeSecp256k1.Loaded NATIVE = NativeSecp256k1.load();
        static final Secp256k1 BEST =
                NATIVE.backend().<Secp256k1>map(b -> b).orElseGet(BouncyCastleSecp256k1::new);
    }

    private Secp256k1Backends() {}

    /** The fastest backend that works here. */
    public static Secp256k1 best() {
        return Holder.BEST;
    }

    /** Why libsecp256k1 did not load, or empty text if it did. */
    public static String nativeLoadFailure() {
        return Holder.NATIVE.failure();
    }
}
