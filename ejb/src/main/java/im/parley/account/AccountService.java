package im.parley.account;

import im.parley.config.ParleySettings;
import im.parley.messaging.InstantInbox;
import im.parley.presence.Presentity;
import im.parley.problem.ParleyException;
import im.parley.rules.DeliveryProfiles;
import im.parley.rules.DeliveryRule;
import im.parley.session.SessionRegistry;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Accounts: a PRINCIPAL with its own PRESENTITY, INSTANT INBOX and DELIVERY RULES.
 * Creating one creates all of them; deleting one deletes everything that is the account's.
 */
@Stateless
public class AccountService {
    public static final int MAX_PASSWORD_LENGTH = 1023;

    private final SecureRandom random = new SecureRandom();

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private Directory directory;

    @Inject
    private ParleySettings settings;

    @Inject
    private DeliveryProfiles profiles;

    @EJB
    private SessionRegistry sessions;

    public Address create(Address address, String password, boolean admin) {
        if (!address.isBare() || address.localpart().isEmpty()) {
            throw ParleyException.invalid("An account address is local@domain, without a resource");
        }
        if (!address.domainpart().equals(settings.domain())) {
            throw ParleyException.invalid("Accounts live in this server's domain " + settings.domain());
        }
        checkPassword(password);
        if (directory.findPrincipal(address).isPresent() || directory.findPresentity(address).isPresent()) {
            throw ParleyException.conflict("The address " + address + " is taken");
        }
        Principal principal = new Principal(address, password, admin, random);
        em.persist(principal);
        em.persist(new Presentity(address, principal));
        em.persist(new DeliveryRule(principal));
        em.persist(new InstantInbox(principal));
        return principal.address();
    }

    /**
     * Checks a password. An unknown address and a wrong password fail alike, so the answer
     * does not tell which accounts exist.
     */
    public AccountData authenticate(Address address, String password) {
        return directory.findPrincipal(address)
                .filter(principal -> password != null && principal.passwordMatches(password))
                .map(AccountService::data)
                .orElseThrow(() -> ParleyException.notAuthorized("Wrong address or password"));
    }

    /**
     * Issues a bearer token for the principal's applications (RFC 6750). The token is 256
     * random bits and appears only in the returned data; Parley keeps its digest.
     */
    public AccessTokenData issueToken(Address address, String label) {
        if (label == null || label.isBlank() || label.length() > AccessToken.MAX_LABEL_LENGTH) {
            throw ParleyException.invalid("A token needs a label of 1 to " + AccessToken.MAX_LABEL_LENGTH + " characters");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        AccessToken issued = new AccessToken(directory.principal(address), token, label.strip());
        em.persist(issued);
        return issued.data(token);
    }

    /** The account a bearer token belongs to; fails like a wrong password for any unknown token. */
    public AccountData authenticateToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            throw ParleyException.notAuthorized("Unknown or revoked token");
        }
        return em.createQuery("select t from AccessToken t join fetch t.principal where t.digest = :digest",
                        AccessToken.class)
                .setParameter("digest", AccessToken.digest(token))
                .getResultStream().findFirst()
                .map(t -> data(t.principal()))
                .orElseThrow(() -> ParleyException.notAuthorized("Unknown or revoked token"));
    }

    /** The principal's tokens, without the tokens themselves. */
    public List<AccessTokenData> tokens(Address address) {
        return em.createQuery("select t from AccessToken t where t.principal = :p order by t.createdAt", AccessToken.class)
                .setParameter("p", directory.principal(address))
                .getResultStream().map(t -> t.data(null)).toList();
    }

    /** Revokes one of the principal's tokens; another principal's token is not found. */
    public void revokeToken(Address address, String tokenId) {
        AccessToken token = em.find(AccessToken.class, tokenId == null ? "" : tokenId);
        if (token == null || !token.principal().id().equals(directory.principal(address).id())) {
            throw ParleyException.notFound("No token " + tokenId);
        }
        em.remove(token);
    }

    /** The SCRAM keys a SASL exchange needs; NOT_FOUND for an unknown address. */
    public ScramCredential credential(Address address, ScramMechanism mechanism) {
        return directory.principal(address).credential(mechanism);
    }

    public AccountData account(Address address) {
        return data(directory.principal(address));
    }

    public List<AccountData> accounts() {
        return em.createQuery("select p from Principal p order by p.address", Principal.class)
                .getResultStream().map(AccountService::data).toList();
    }

    public void changePassword(Address address, String newPassword) {
        checkPassword(newPassword);
        directory.principal(address).setPassword(newPassword, random);
    }

    /** The principal's public profile, if it published one. */
    public Optional<String> profile(Address address) {
        return Optional.ofNullable(em.find(Profile.class, directory.principal(address).id())).map(Profile::content);
    }

    /** Publishes (replaces) the principal's profile. */
    public void setProfile(Address address, String content) {
        if (content == null || content.length() > Profile.MAX_LENGTH) {
            throw ParleyException.invalid("A profile holds up to " + Profile.MAX_LENGTH + " characters");
        }
        Principal principal = directory.principal(address);
        Profile profile = em.find(Profile.class, principal.id());
        if (profile == null) {
            em.persist(new Profile(principal, content));
        } else {
            profile.update(content);
        }
    }

    /**
     * Deletes an account and everything that is its: sessions (closed first, so subscribers
     * see it go), presence, subscriptions in both directions, watcher records, rules, roster,
     * offline store and archive. Presentities it shares with other principals stay theirs.
     */
    public void delete(Address address) {
        sessions.closeAll(directory.principal(address).address());
        // Closing the sessions told the watchers, and loaded their subscriptions and records into
        // the persistence context. The bulk deletes below bypass the context, so a loaded
        // subscription would still refer to the removed presentity at the next flush
        // (TransientObjectException): the context is written and emptied first.
        em.flush();
        em.clear();
        Principal principal = directory.principal(address);
        String bare = principal.address().toString();

        List<Presentity> controlled = em.createQuery(
                        "select p from Presentity p join p.controllers c where c = :principal", Presentity.class)
                .setParameter("principal", principal)
                .getResultList();
        for (Presentity presentity : controlled) {
            presentity.removeController(principal);
            if (presentity.controllers().isEmpty()) {
                deletePresentity(presentity);
            }
        }
        update("delete from Subscription s where s.watcher = :a", bare);
        update("delete from WatcherRecord r where r.watcher = :a", bare);
        em.createQuery("delete from VisibilityRule v where v.watcher = :p").setParameter("p", principal).executeUpdate();
        em.createQuery("delete from DeliveryRule d where d.principal = :p").setParameter("p", principal).executeUpdate();
        em.createQuery("select i from RosterItem i where i.owner = :p", im.parley.roster.RosterItem.class)
                .setParameter("p", principal).getResultList().forEach(em::remove);
        leaveOtherInboxes(principal);
        em.createQuery("delete from InstantMessage m where m.senderId = :id or m.recipientId = :id")
                .setParameter("id", principal.id()).executeUpdate();
        em.createQuery("delete from InstantInbox i where i.owner = :p").setParameter("p", principal).executeUpdate();
        em.createQuery("delete from AccessToken t where t.principal = :p").setParameter("p", principal).executeUpdate();
        em.createQuery("delete from Profile f where f.principal = :p").setParameter("p", principal).executeUpdate();
        em.remove(principal);
        profiles.changed(principal.address());
    }

    /**
     * The account's messages that wait in other principals' offline stores go with the
     * account's archive: those stores count them no more. (Its own store's entries go with
     * its messages, by the database's cascade.)
     */
    private void leaveOtherInboxes(Principal principal) {
        List<Object[]> waiting = em.createQuery("select e.inbox, count(e) from InboxEntry e"
                        + " where e.message.senderId = :id and e.inbox <> :id group by e.inbox order by e.inbox",
                        Object[].class)
                .setParameter("id", principal.id())
                .getResultList();
        for (Object[] inbox : waiting) {
            em.find(InstantInbox.class, inbox[0], LockModeType.PESSIMISTIC_WRITE).drained(((Long) inbox[1]).intValue());
        }
        em.createQuery("delete from InboxEntry e where e.messageId in"
                        + " (select m.id from InstantMessage m where m.senderId = :id)")
                .setParameter("id", principal.id()).executeUpdate();
    }

    private void deletePresentity(Presentity presentity) {
        for (String entity : List.of("PresenceTuple", "Subscription", "WatcherRecord", "AccessRule")) {
            em.createQuery("delete from " + entity + " e where e.presentity = :p")
                    .setParameter("p", presentity).executeUpdate();
        }
        em.remove(presentity);
    }

    private void update(String jpql, String address) {
        em.createQuery(jpql).setParameter("a", address).executeUpdate();
    }

    private static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw ParleyException.invalid("A password is required");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw ParleyException.invalid("The password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static AccountData data(Principal principal) {
        return new AccountData(principal.address().toString(), principal.isAdmin(), principal.createdAt());
    }
}
