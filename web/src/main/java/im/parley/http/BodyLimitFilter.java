package im.parley.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bodies beyond the limit are refused before anything reads them: at once when the
 * Content-Length says so, otherwise when the reading passes the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Inject
    private HttpSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        int limit = settings.maxBodyBytes();
        if (request.getLength() > limit) {
            request.abortWith(new BodyTooLarge(limit).problem().toResponse());
            return;
        }
        request.setEntityStream(new LimitedStream(request.getEntityStream(), limit));
    }

    private static final class LimitedStream extends FilterInputStream {
        private final int limit;
        private long read;

        LimitedStream(InputStream in, int limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }
    }
}
