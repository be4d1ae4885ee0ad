package dev.vigil.towerprotocol.testsupport;

import dev.vigil.towerprotocol.secp256k1.BouncyCastleSecp256k1;
import dev.vigil.towerprotocol.secp256k1.NativeSecp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import java.util.stream.Stream;

/** Both secp256k1 backends, for tests parameterised over them. */
public final class Backends {
    private Backends() {}

    /**
     * The JNI backend (which must load on the build machines, linux-x86_64) and the BouncyCastle one.
     * A native load failure fails the calling test rather than silently testing one backend twice.
     */
    public static Stream<Secp256k1> both() {
        NativeSecp256k1.Loaded loaded = NativeSecp256k1.load();
        Secp256k1 nat = loaded.backend().orElseThrow(
                () -> new AssertionError("libsecp256k1 did not load: " + loaded.failure()));
        return Stream.of(nat, new BouncyCastleSecp256k1());
    }
}
