package im.parley.roster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static im.parley.presence.SubscriptionState.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 6121 Appendix A: the nine states from the two directions of subscription. */
class RosterSubscriptionTest {

    @ParameterizedTest(name = "to={0}, from={1} is {2}")
    @CsvSource({
            "NONE, NONE, NONE, none, false, false",
            "PENDING, NONE, NONE_PENDING_OUT, none, true, false",
            "NONE, PENDING, NONE_PENDING_IN, none, false, true",
            "PENDING, PENDING, NONE_PENDING_OUT_IN, none, true, true",
            "ACTIVE, NONE, TO, to, false, false",
            "ACTIVE, PENDING, TO_PENDING_IN, to, false, true",
            "NONE, ACTIVE, FROM, from, false, false",
            "PENDING, ACTIVE, FROM_PENDING_OUT, from, true, false",
            "ACTIVE, ACTIVE, BOTH, both, false, false"
    })
    void theRosterStateIsThePairOfDirections(String outgoing, String incoming, RosterSubscription expected,
                                            String attribute, boolean ask, boolean pendingIn) {
        RosterSubscription state = RosterSubscription.of(valueOf(outgoing), valueOf(incoming));

        assertEquals(expected, state);
        assertEquals(attribute, state.attribute());
        assertEquals(ask, state.pendingOut());
        assertEquals(pendingIn, state.pendingIn());
    }
}
