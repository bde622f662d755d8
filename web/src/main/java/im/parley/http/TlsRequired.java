package im.parley.http;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * HTTPS by default: over plain HTTP the page is redirected to HTTPS (308 keeps the method),
 * and the API and streams are refused, so a client that sent a password in clear notices.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TlsRequired extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Inject
    private HttpSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || !settings.requireTls()) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api") || path.startsWith("/ws")) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType(ProblemDetails.MEDIA_TYPE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"Use HTTPS on port " + settings.httpsPort() + "\"}");
            return;
        }
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        response.setStatus(308);
        response.setHeader("Location", "https://" + request.getServerName() + ":" + settings.httpsPort()
                + request.getRequestURI() + query);
    }
}
