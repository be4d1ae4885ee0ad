package dev.vigil.towerserver.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TowerThreadTest {
    @Test
    void onlyItsOwnThreadPassesTheOwnerCheck() throws Exception {
        try (TowerThread tower = TowerThread.start("test-tower")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> tower.checkOwner("a change"));
            assertEquals("a change must run on test-tower, not on " + Thread.currentThread().getName(), refused.getMessage());
            CompletableFuture.runAsync(() -> tower.checkOwner("a change"), tower).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTaskThatThrowsDoesNotCostTheThreadItsOwnership() throws Exception {
        try (TowerThread tower = TowerThread.start("test-tower")) {
            tower.execute(() -> {
                throw new IllegalStateException("a failing task");
            });
            CompletableFuture<String> after = CompletableFuture.supplyAsync(() -> {
                tower.checkOwner("the next task");
                return Thread.currentThread().getName();
            }, tower);
            assertEquals("test-tower", after.get(10, TimeUnit.SECONDS));
        }
    }
}
