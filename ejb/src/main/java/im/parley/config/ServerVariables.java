package im.parley.config;

import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import java.util.Optional;

/** Reads a setting that server.xml publishes as a {@code jndiEntry} fed by a Liberty variable. */
public final class ServerVariables {

    private ServerVariables() {
    }

    /** A setting that may be left empty; Liberty binds no jndiEntry for an empty value. */
    public static Optional<String> optionalText(String jndiName) {
        try {
            Object value = InitialContext.doLookup(jndiName);
            return Optional.of(String.valueOf(value).strip()).filter(v -> !v.isEmpty());
        } catch (NameNotFoundException e) {
            return Optional.empty();
        } catch (NamingException e) {
            throw new IllegalStateException("Cannot read the jndiEntry " + jndiName, e);
        }
    }

    public static String text(String jndiName) {
        try {
            Object value = InitialContext.doLookup(jndiName);
            return String.valueOf(value).strip();
        } catch (NamingException e) {
            throw new IllegalStateException("Server configuration lacks the jndiEntry " + jndiName, e);
        }
    }
}
