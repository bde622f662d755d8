package im.parley.session;

import im.parley.http.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.concurrent.TimeUnit;

/**
 * The caller's live stream as Server-Sent Events: first a "session" event (its id, for
 * publishing presence or sending as this session), then presence, subscription, watcher and
 * message events as they happen, each a JSON document. See {@link StreamOptions} for the
 * query parameters.
 */
@Path("/stream")
@RequestScoped
public class StreamResource {

    @Inject
    private LiveStreams streams;

    @Context
    private SecurityContext security;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink events, @Context Sse sse, @QueryParam("resource") String resource,
                       @QueryParam("available") @DefaultValue("true") boolean available,
                       @QueryParam("acks") @DefaultValue("true") boolean acknowledged) {
        StreamOptions options = new StreamOptions(resource, available, acknowledged);
        streams.open(Caller.of(security), options, new LiveStream.Sink() {
            @Override
            public void write(String type, String json) throws Exception {
                var event = type == null ? sse.newEventBuilder().comment("keep-alive").build()
                        : sse.newEventBuilder().name(type).mediaType(MediaType.APPLICATION_JSON_TYPE).data(json).build();
                events.send(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }

            @Override
            public void close() {
                events.close();
            }
        });
    }
}
