package dev.spindle.bench.files;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Netty epoll serving files with DefaultFileRegion, which Netty's epoll transport sends with sendfile(2). */
final class NettyFileServer {
    private NettyFileServer() {}

    static void run(int port, Path dir) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
        Channel ch = new ServerBootstrap().group(boss, workers).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
                                File file = dir.resolve(req.uri().substring(1)).toFile();
                                long size = file.length();
                                DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, size)
                                        .set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                                ctx.write(res);
                                ctx.write(new DefaultFileRegion(file, 0, size));
                                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        System.out.println("netty " + dev.spindle.bench.server.NettyTuning.describe());
        System.out.println("listening " + ((InetSocketAddress) ch.localAddress()).getPort());
        ch.closeFuture().sync();
    }
}
