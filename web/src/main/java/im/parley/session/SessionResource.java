package im.parley.session;

import im.parley.http.Caller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** For administrators: every open client session on every node, and counts by protocol. */
@Path("/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @EJB
    private SessionRegistry sessions;

    @Context
    private SecurityContext security;

    public record Overview(int total, Map<String, Long> byProtocol, List<SessionData> sessions) {
    }

    @GET
    public Overview sessions() {
        Caller.of(security).requireAdmin();
        List<SessionData> all = sessions.all();
        Map<String, Long> byProtocol = all.stream()
                .collect(Collectors.groupingBy(SessionData::protocol, TreeMap::new, Collectors.counting()));
        return new Overview(all.size(), byProtocol, all);
    }
}
