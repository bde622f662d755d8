package im.parley.account;

import im.parley.presence.Presentity;
import im.parley.problem.ParleyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * Finds principals and presentities by address, for the services. Joins the caller's
 * transaction.
 */
@ApplicationScoped
public class Directory {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    public Optional<Principal> findPrincipal(Address address) {
        return em.createQuery("select p from Principal p where p.address = :address", Principal.class)
                .setParameter("address", address.bare().toString())
                .getResultStream().findFirst();
    }

    public Principal principal(Address address) {
        return findPrincipal(address)
                .orElseThrow(() -> ParleyException.notFound("No principal " + address.bare()));
    }

    public Optional<Presentity> findPresentity(Address address) {
        return em.createQuery("select p from Presentity p where p.address = :address", Presentity.class)
                .setParameter("address", address.bare().toString())
                .getResultStream().findFirst();
    }

    public Presentity presentity(Address address) {
        return findPresentity(address)
                .orElseThrow(() -> ParleyException.notFound("No presentity " + address.bare()));
    }

    /** The presentity, if the actor controls it; refused otherwise. */
    public Presentity controlledPresentity(Address actor, Address address) {
        Presentity presentity = presentity(address);
        if (!presentity.isControlledBy(actor)) {
            throw ParleyException.forbidden(actor.bare() + " does not control presentity " + presentity.address());
        }
        return presentity;
    }
}
