package im.parley.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** Parley's HTTP API: the presence and instant message services for applications. */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "Parley", version = "1",
                description = "Presence (JSON and PIDF), subscriptions, watcher information, rules, roster,"
                        + " instant messages and accounts of a Parley server. Live notifications: GET /api/stream"
                        + " (Server-Sent Events) or the WebSocket /ws."),
        security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "bearer")})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic"),
        @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")})
public class ParleyApi extends Application {
}
