package dev.spindle.bench.udp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/** Sends each datagram back to its sender; one flush per read batch (sendmmsg on epoll when several are queued). */
@ChannelHandler.Sharable
final class NettyDatagramEchoHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket in = (DatagramPacket) msg;
        ctx.write(new DatagramPacket(in.content(), in.sender()), ctx.voidPromise()); // the content changes owner
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.out.println("udp echo: " + cause); // a datagram socket stays open after a failed send
    }
}
