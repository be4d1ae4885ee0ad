package dev.vigil.devnet.rpc;

/**
 * Failures a test can switch on while the server runs; read by the event loop, set from any thread.
 */
public final class RpcFaults {
    private volatile boolean workQueueFull;

    /** While true every request gets HTTP 503 "Work queue depth exceeded", as bitcoind past -rpcworkqueue. */
    public void setWorkQueueFull(boolean full) {
        this.workQueueFull = full;
    }

    public boolean workQueueFull() {
        return workQueueFull;
    }
}
