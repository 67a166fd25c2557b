package dev.spindle.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * Behind HttpServerCodec: answers each request with the same bytes as
 * {@link HttpHandler} (header names spelled as there), flushing on
 * channelReadComplete so pipelined answers share one write.
 */
@ChannelHandler.Sharable
final class NettyHttpHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString LENGTH = AsciiString.cached(Integer.toString(HttpHandler.BODY.length()));
    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(HttpHandler.BODY.getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest request)) return; // the (empty) LastHttpContent of a GET
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY.duplicate());
        response.headers().set(CONTENT_LENGTH, LENGTH).set(CONTENT_TYPE, TEXT_PLAIN);
        if (HttpUtil.isKeepAlive(request)) {
            ctx.write(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
