package im.parley.config;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Reads a setting that server.xml publishes as a {@code jndiEntry} fed by a Liberty variable. */
public final class ServerVariables {

    private ServerVariables() {
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
