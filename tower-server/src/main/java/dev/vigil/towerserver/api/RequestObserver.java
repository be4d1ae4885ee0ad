package dev.vigil.towerserver.api;

/**
 * Told every answered API request (the metrics' requests by route and status). Contract: called on
 * the event loop that served the request, when its response ended, so it must not block. {@code route}
 * is one of {@link TowerApi#ROUTES} or {@code "other"}, never the client's raw path, so the label
 * stays bounded whatever clients send.
 */
@FunctionalInterface
public interface RequestObserver {
    /** Observes nothing. */
    RequestObserver NONE = (route, status, nanos) -> { };

    /** A request for {@code route} was answered with {@code status} after {@code nanos}. */
    void answered(String route, int status, long nanos);
}
