package dev.vigil.towerserver.store;

/** The tables and the mutation counter every {@link Tables} implementation keeps. */
abstract class TableSet implements Tables {
    protected Table meta;
    protected Table users;
    protected Table appointments;
    protected Table userLocators;
    protected Table trackers;
    protected Table monitorUsers;
    protected Table events;
    protected Table eventHeights;
    protected Table watches;
    protected Table userWatches;
    protected Table webhooks;
    /** Incremented by every put and remove; read by the engine to tell changing tasks from reading ones. */
    protected long mutations;

    @Override
    public final Table meta() {
        return meta;
    }

    @Override
    public final Table users() {
        return users;
    }

    @Override
    public final Table appointments() {
        return appointments;
    }

    @Override
    public final Table userLocators() {
        return userLocators;
    }

    @Override
    public final Table trackers() {
        return trackers;
    }

    @Override
    public final Table monitorUsers() {
        return monitorUsers;
    }

    @Override
    public final Table events() {
        return events;
    }

    @Override
    public final Table eventHeights() {
        return eventHeights;
    }

    @Override
    public final Table watches() {
        return watches;
    }

    @Override
    public final Table userWatches() {
        return userWatches;
    }

    @Override
    public final Table webhooks() {
        return webhooks;
    }

    @Override
    public final long mutations() {
        return mutations;
    }
}
