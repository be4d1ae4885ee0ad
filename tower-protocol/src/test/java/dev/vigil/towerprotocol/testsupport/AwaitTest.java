package dev.vigil.towerprotocol.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared wait: it returns once the condition holds, fails clearly at its bound, and does not spin. */
class AwaitTest {
    @Test
    void returnsOnceAnotherThreadMakesTheConditionTrue() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch firstCheck = new CountDownLatch(1);
        Thread setter = new Thread(() -> {
            try {
                firstCheck.await();
                done.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        setter.start();
        Await.until("the flag", () -> {
            checks.incrementAndGet();
            boolean seen = done.get();
            firstCheck.countDown(); // the flag is set only after a check has seen it unset
            return seen;
        });
        setter.join();
        assertTrue(done.get());
        assertTrue(checks.get() >= 2, "checked before and after the flag was set: " + checks.get());
    }

    @Test
    void failingAtTheBoundSaysWhatWasAwaitedAndForHowLong() {
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("the moon to turn blue", Duration.ofMillis(50), () -> false));
        assertTrue(e.getMessage().contains("waiting for the moon to turn blue"), e.getMessage());
        assertTrue(e.getMessage().contains("(bound 50 ms)"), e.getMessage());
    }

    @Test
    void untilEqualsReportsTheExpectedAndTheLastValueSeen() {
        AtomicInteger sent = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.untilEquals("3 transactions sent", Duration.ofMillis(30), 3, () -> Math.min(sent.incrementAndGet(), 2)));
        assertTrue(e.getMessage().endsWith("waiting for 3 transactions sent: expected 3, last seen 2"), e.getMessage());
        AtomicInteger counter = new AtomicInteger();
        Await.untilEquals("the counter to reach 5", Duration.ofSeconds(30), 5, counter::incrementAndGet);
        assertEquals(5, counter.get(), "returns at the first equal value");
    }

    @Test
    void pausesBetweenChecksInsteadOfSpinning() {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        assertThrows(AssertionError.class, () -> Await.until("never", Duration.ofMillis(300), () -> {
            checks.incrementAndGet();
            return false;
        }));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMillis >= 300, "waited the whole bound: " + elapsedMillis + " ms");
        // 1, 2, 4, 8, 16 ms, then 20 ms pauses: about 20 checks in 300 ms; a spin would make millions.
        assertTrue(checks.get() <= 40, "checks in 300 ms: " + checks.get());
    }

    @Test
    void anExceptionFromTheConditionFailsAtOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        long start = System.nanoTime();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Await.until("a broken condition", () -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "did not wait for the 30 s bound");
    }

    @Test
    void anInterruptFailsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Await.until("never", () -> false));
            assertTrue(e.getMessage().contains("interrupted waiting for never"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is kept");
        } finally {
            Thread.interrupted();
        }
    }
}
