package im.parley.messaging;

import im.parley.session.SessionRoute;

/** A session an accepted message goes to, and in which role (the original or a XEP-0280 copy). */
record DeliveryTarget(SessionRoute session, MessageCopy copy) {
}
