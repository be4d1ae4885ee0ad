package dev.vigil.towerserver.gatekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.Gatekeeper.Access;
import dev.vigil.towerserver.gatekeeper.Gatekeeper.Charge;
import dev.vigil.towerserver.gatekeeper.Gatekeeper.Registration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatekeeperTest {
    private static final UserId ALICE = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");
    private static final UserId BOB = UserId.fromHex("037962d45b38e8bcf82fa8efa8432a01f20c9a53e24c7d3f11df197cb8e70926da");
    private final Gatekeeper gk = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of());

    @Test
    void registrationGrantsTeosDefaults() {
        Registration.Registered r = assertInstanceOf(Registration.Registered.class, gk.register(ALICE, 800_000));
        assertEquals(new UserRecord(ALICE, 10_000, 800_000, 804_320), r.user());
        assertEquals(null, r.previous());
    }

    @Test
    void aTopUpAddsSlotsAndExtendsFromTheLaterOfExpiryAndTip() {
        gk.register(ALICE, 100);
        UserRecord topped = ((Registration.Registered) gk.register(ALICE, 200)).user();
        assertEquals(new UserRecord(ALICE, 20_000, 100, 100 + 2 * 4_320), topped);
        // An expired subscription topped up runs from the tip, not from its old expiry.
        UserRecord late = ((Registration.Registered) gk.register(ALICE, 50_000)).user();
        assertEquals(50_000 + 4_320, late.subscriptionExpiry());
        assertEquals(100, late.subscriptionStart());
    }

    @Test
    void slotOverflowIsResourceExhaustedAndChangesNothing() {
        Gatekeeper g = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of(new UserRecord(ALICE, Uint32.MAX - 5, 0, 10)));
        assertInstanceOf(Registration.SlotsExhausted.class, g.register(ALICE, 5));
        assertEquals(Uint32.MAX - 5, g.user(ALICE).orElseThrow().availableSlots());
    }

    @Test
    void expiryHeightsSaturate() {
        Gatekeeper g = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of());
        UserRecord u = ((Registration.Registered) g.register(ALICE, Uint32.MAX - 10)).user();
        assertEquals(Uint32.MAX, u.subscriptionExpiry());
    }

    @Test
    void accessIsActiveUntilTheExpiryHeight() {
        gk.register(ALICE, 100);
        assertInstanceOf(Access.Active.class, gk.access(ALICE, 100 + 4_319));
        assertInstanceOf(Access.Expired.class, gk.access(ALICE, 100 + 4_320));
        assertInstanceOf(Access.Unknown.class, gk.access(BOB, 100));
    }

    @Test
    void chargesFollowBlobSizeAndUpdatesPayOnlyTheDifference() {
        gk.register(ALICE, 100);
        Charge.Charged first = assertInstanceOf(Charge.Charged.class, gk.charge(ALICE, 2_048, 0));
        assertEquals(1, first.slots());
        assertEquals(9_999, first.user().availableSlots());
        Charge.Charged bigger = assertInstanceOf(Charge.Charged.class, gk.charge(ALICE, 2_049, first.slots()));
        assertEquals(2, bigger.slots());
        assertEquals(9_998, bigger.user().availableSlots());
        Charge.Charged smaller = assertInstanceOf(Charge.Charged.class, gk.charge(ALICE, 100, bigger.slots()));
        assertEquals(9_999, smaller.user().availableSlots());
    }

    @Test
    void aChargeBeyondTheBalanceIsRefusedAndChangesNothing() {
        Gatekeeper g = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of(new UserRecord(ALICE, 1, 0, 10)));
        Charge.NotEnoughSlots refused = assertInstanceOf(Charge.NotEnoughSlots.class, g.charge(ALICE, 3 * 2_048, 0));
        assertEquals(2, refused.missing());
        assertEquals(1, g.user(ALICE).orElseThrow().availableSlots());
    }

    @Test
    void concurrentChargesCannotSpendTheSameSlotAndAFailedWriteIsUndone() {
        Gatekeeper g = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of(new UserRecord(ALICE, 1, 0, 10)));
        Charge.Charged a = assertInstanceOf(Charge.Charged.class, g.charge(ALICE, 100, 0));
        // A second request that read the same record before the first was stored is still refused.
        assertInstanceOf(Charge.NotEnoughSlots.class, g.charge(ALICE, 100, 0));
        g.restore(ALICE, Optional.of(a.previous()));
        assertEquals(1, g.user(ALICE).orElseThrow().availableSlots());
        Registration.Registered r = (Registration.Registered) g.register(BOB, 5);
        g.restore(BOB, Optional.ofNullable(r.previous()));
        assertEquals(Optional.empty(), g.user(BOB));
    }

    @Test
    void refundsAndExpiry() {
        gk.register(ALICE, 100);
        gk.register(BOB, 200);
        assertEquals(10_003, gk.refund(ALICE, 3).orElseThrow().availableSlots());
        assertEquals(List.of(), gk.expireAt(100 + 4_320 + 5));
        assertEquals(List.of(ALICE), gk.expireAt(100 + 4_320 + 6));
        assertEquals(Optional.empty(), gk.user(ALICE));
        assertEquals(Optional.empty(), gk.refund(ALICE, 1));
        assertEquals(1, gk.userCount());
    }
}
