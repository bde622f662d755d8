package im.parley.xmpp.federation;

import im.parley.account.Address;
import im.parley.xmpp.stanza.StanzaError;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Federation with other XMPP domains (RFC 6120 sections 3.2 and 13.7, XEP-0220): one
 * outgoing stream per domain, opened when the first stanza for it comes, and the dialback
 * checks that streams opened to us need. When federation is off, every stanza for another
 * domain is answered with remote-server-not-found.
 */
public final class Federation {
    private final String domain;
    private final boolean enabled;
    private final DialbackKeys keys;
    private final ServerAddresses addresses;
    private final SslContext tls;
    private final int maxStanzaBytes;
    private final Duration idle;
    private final EventLoopGroup io;
    private final Executor lookups;
    private final ConcurrentMap<String, OutgoingServerStream> streams = new ConcurrentHashMap<>();

    private Federation(String domain, boolean enabled, DialbackKeys keys, ServerAddresses addresses, SslContext tls,
                       int maxStanzaBytes, Duration idle, EventLoopGroup io, Executor lookups) {
        this.domain = domain;
        this.enabled = enabled;
        this.keys = keys;
        this.addresses = addresses;
        this.tls = tls;
        this.maxStanzaBytes = maxStanzaBytes;
        this.idle = idle;
        this.io = io;
        this.lookups = lookups;
    }

    /**
     * @param tls     a client context for outgoing streams
     * @param idle    how long an outgoing stream may carry nothing before it is closed
     * @param lookups where DNS lookups block, off the I/O threads
     */
    public static Federation enabled(String domain, DialbackKeys keys, ServerAddresses addresses, SslContext tls,
                                     int maxStanzaBytes, Duration idle, EventLoopGroup io, Executor lookups) {
        return new Federation(domain, true, keys, addresses, tls, maxStanzaBytes, idle, io, lookups);
    }

    public static Federation disabled(String domain) {
        return new Federation(domain, false, null, null, null, 0, null, null, null);
    }

    public String domain() {
        return domain;
    }

    /** Whether an address belongs to another domain, whose server gets its stanzas. */
    public boolean isRemote(Address address) {
        return !address.domainpart().equals(domain);
    }

    public DialbackKeys keys() {
        return keys;
    }

    /**
     * Sends a stanza, written for a {@code jabber:server} stream, to another domain. If it
     * cannot be sent, {@code undeliverable} gets the error for its sender (RFC 6120 section
     * 8.3.3.14/15), possibly later, on another thread. The result completes when the stanza
     * has been written to the other server or handed back.
     */
    public CompletableFuture<Void> send(String remoteDomain, String xml, Consumer<StanzaError> undeliverable) {
        if (!enabled) {
            undeliverable.accept(new StanzaError("remote-server-not-found", "this server does not federate"));
            return CompletableFuture.completedFuture(null);
        }
        return streamTo(remoteDomain).deliver(xml, undeliverable);
    }

    /** Asks the authoritative server of {@code originating} whether it made {@code key} (XEP-0220 2.3). */
    CompletableFuture<Boolean> verify(String originating, String streamId, String key) {
        return streamTo(originating).verify(streamId, key);
    }

    private OutgoingServerStream streamTo(String remoteDomain) {
        return streams.computeIfAbsent(remoteDomain, remote -> {
            OutgoingServerStream stream = new OutgoingServerStream(domain, remote, keys, tls, maxStanzaBytes, idle,
                    io.next(), ended -> streams.remove(remote, ended), () -> streamTo(remote));
            lookups.execute(() -> {
                try {
                    stream.connect(addresses.of(remote));
                } catch (RuntimeException e) {
                    stream.connect(List.of()); // fails at once: no server to try
                    throw e;
                }
            });
            return stream;
        });
    }

    /** Ends every outgoing stream; the application is stopping. */
    public void close() {
        streams.values().forEach(OutgoingServerStream::close);
    }
}
