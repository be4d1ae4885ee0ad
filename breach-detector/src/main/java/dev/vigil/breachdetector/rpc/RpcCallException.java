package dev.vigil.breachdetector.rpc;

/** A call did not return a value: bitcoind's error or unavailability, as {@link #result()}. */
public final class RpcCallException extends Exception {
    private final transient RpcResult<?> result;

    public RpcCallException(RpcResult<?> result) {
        super(String.valueOf(result));
        this.result = result;
    }

    /** The {@link RpcResult.Failed} or {@link RpcResult.Unavailable} outcome. */
    public RpcResult<?> result() {
        return result;
    }
}
