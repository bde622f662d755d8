package im.parley.xmpp.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flow control for one connection: when the service threads fall behind a client's
 * stanzas by {@code high} elements, the connection stops reading (TCP then slows the
 * client down) until the backlog is down to {@code low}. Without it a fast sender would
 * pile stanzas up in memory.
 */
public final class Backpressure extends ChannelDuplexHandler {
    private final int high;
    private final int low;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile ChannelHandlerContext ctx;

    public Backpressure(int high, int low) {
        this.high = high;
        this.low = low;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** An element leaves the I/O thread for the service threads. */
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (pending.incrementAndGet() >= high) {
            context.channel().config().setAutoRead(false);
        }
        context.fireChannelRead(message);
    }

    /** The service threads finished one element. */
    public void handled() {
        if (pending.decrementAndGet() <= low && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }
}
