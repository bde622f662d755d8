package im.parley.account;

import im.parley.messaging.MessageService;
import im.parley.messaging.MessageType;
import im.parley.presence.PresenceService;
import im.parley.problem.ParleyException;
import im.parley.roster.RosterService;
import im.parley.session.SessionRegistry;
import im.parley.testsupport.RecordingEndpoint;
import im.parley.problem.Problem;
import im.parley.testsupport.Fixtures;
import im.parley.testsupport.ParleyDeployment;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static im.parley.testsupport.Fixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class AccountServiceTest {

    @Deployment
    static EnterpriseArchive deployment() {
        return ParleyDeployment.with(AccountServiceTest.class);
    }

    @Inject
    AccountService accounts;
    @Inject
    RosterService roster;
    @Inject
    PresenceService presence;
    @Inject
    MessageService messages;
    @Inject
    SessionRegistry registry;

    @Test
    void aNewAccountSignsInWithItsPassword() {
        Address alice = Fixtures.newAccount(accounts, "alice");

        AccountData signedIn = accounts.authenticate(alice, PASSWORD);

        assertEquals(alice.toString(), signedIn.address());
        assertFalse(signedIn.admin());
    }

    @Test
    void aWrongPasswordAndAnUnknownAccountAreRefusedAlike() {
        Address alice = Fixtures.newAccount(accounts, "alice");

        ParleyException wrong = assertThrows(ParleyException.class, () -> accounts.authenticate(alice, "guess"));
        ParleyException unknown = assertThrows(ParleyException.class,
                () -> accounts.authenticate(Fixtures.uniqueAddress("nobody"), PASSWORD));

        assertEquals(Problem.NOT_AUTHORIZED, wrong.problem());
        assertEquals(wrong.problem(), unknown.problem());
        assertEquals(wrong.getMessage(), unknown.getMessage());
    }

    @Test
    void aSecondAccountWithTheSameAddressIsRefusedAsConflict() {
        Address alice = Fixtures.newAccount(accounts, "alice");

        ParleyException refused = assertThrows(ParleyException.class,
                () -> accounts.create(Address.parse(alice.toString().toUpperCase()), "other", false));

        assertEquals(Problem.CONFLICT, refused.problem());
        accounts.authenticate(alice, PASSWORD);
    }

    @Test
    void anAccountOutsideTheServersDomainIsRefusedAndNotCreated() {
        Address stranger = Address.parse("mallory@elsewhere.example");

        ParleyException refused = assertThrows(ParleyException.class,
                () -> accounts.create(stranger, PASSWORD, false));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
        assertEquals(Problem.NOT_FOUND,
                assertThrows(ParleyException.class, () -> accounts.account(stranger)).problem());
    }

    @Test
    void anOversizedPasswordIsRefused() {
        Address bob = Fixtures.uniqueAddress("bob");

        ParleyException refused = assertThrows(ParleyException.class,
                () -> accounts.create(bob, "x".repeat(AccountService.MAX_PASSWORD_LENGTH + 1), false));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class, () -> accounts.account(bob)).problem());
    }

    @Test
    void thePasswordIsKeptOnlyAsSaltedScramKeysForBothMechanisms() {
        Address alice = Fixtures.newAccount(accounts, "alice");
        Address bob = Fixtures.newAccount(accounts, "bob");

        for (ScramMechanism mechanism : ScramMechanism.values()) {
            ScramCredential aliceKeys = accounts.credential(alice, mechanism);
            ScramCredential bobKeys = accounts.credential(bob, mechanism);
            assertTrue(aliceKeys.matches(mechanism, PASSWORD), mechanism.saslName());
            assertFalse(aliceKeys.matches(mechanism, PASSWORD + "!"), mechanism.saslName());
            assertTrue(aliceKeys.iterations() >= 4096);
            assertFalse(java.util.Arrays.equals(aliceKeys.salt(), bobKeys.salt()), "salts differ per account");
            assertFalse(java.util.Arrays.equals(aliceKeys.storedKey(), bobKeys.storedKey()),
                    "the same password gives different keys under different salts");
        }
    }

    @Test
    void aChangedPasswordReplacesTheOldOne() {
        Address alice = Fixtures.newAccount(accounts, "alice");
        byte[] oldKey = accounts.credential(alice, ScramMechanism.SCRAM_SHA_256).storedKey();

        accounts.changePassword(alice, "new secret");

        accounts.authenticate(alice, "new secret");
        assertThrows(ParleyException.class, () -> accounts.authenticate(alice, PASSWORD));
        assertFalse(java.util.Arrays.equals(oldKey, accounts.credential(alice, ScramMechanism.SCRAM_SHA_256).storedKey()));
    }

    @Test
    void aDeletedAccountLeavesNothingBehind() {
        Address alice = Fixtures.newAccount(accounts, "alice");
        Address bob = Fixtures.newAccount(accounts, "bob");
        roster.setItem(alice, bob, "Bob", java.util.Set.of("Friends"));
        presence.subscribe(bob, alice, null, "test");
        presence.subscribe(alice, bob, null, "test");
        messages.send(bob.withResource("pc"), alice, MessageType.CHAT, "hello", null, null);
        registry.open(alice.withResource("phone"), "test", new RecordingEndpoint());

        accounts.delete(alice);

        assertEquals(Problem.NOT_FOUND, assertThrows(ParleyException.class, () -> accounts.account(alice)).problem());
        assertTrue(registry.sessionsOf(alice).isEmpty());
        assertTrue(presence.subscription(alice, bob).isEmpty(), "alice's subscription to bob is gone");
        assertTrue(presence.subscriptions(bob, bob).isEmpty());
        assertTrue(messages.history(bob, alice, null, 10).messages().isEmpty());
        accounts.create(alice, "fresh start", false);
        assertTrue(roster.items(alice).isEmpty());
        assertEquals(0, messages.storedCount(alice));
        assertTrue(presence.subscriptions(alice, alice).isEmpty());
    }

    @Test
    void anAddressIsCaseInsensitiveInLocalAndDomainParts() {
        Address alice = Fixtures.newAccount(accounts, "alice");

        AccountData signedIn = accounts.authenticate(Address.parse(alice.toString().toUpperCase()), PASSWORD);

        assertEquals(alice.toString(), signedIn.address());
        assertArrayEquals(accounts.credential(alice, ScramMechanism.SCRAM_SHA_1).salt(),
                accounts.credential(Address.parse(alice.toString().toUpperCase()), ScramMechanism.SCRAM_SHA_1).salt());
    }
}
