package dev.vigil.devnet;

import java.io.IOException;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The devnet a test starts, with the options it chooses, closed after the test whether it passed or not.
 * Register with {@code @RegisterExtension}; one devnet at a time.
 */
final class DevnetFixture implements AfterEachCallback {
    private Devnet devnet;

    Devnet start(DevnetOptions options) throws IOException {
        if (devnet != null) {
            throw new IllegalStateException("a devnet is already running in this test");
        }
        devnet = Devnet.start(Objects.requireNonNull(options, "options"));
        return devnet;
    }

    /** Closes the devnet now, for a test that checks what closing does. */
    void close() {
        Devnet running = devnet;
        devnet = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
