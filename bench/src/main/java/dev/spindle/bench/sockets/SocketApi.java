package dev.spindle.bench.sockets;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The blocking socket APIs a benchmark runs on: stream sockets ({@link StreamSocket}) and UDP
 * ({@link UdpEndpoint}). Every TCP socket made here has TCP_NODELAY set (the
 * benchmarks exchange small messages); listeners reuse their address.
 */
public enum SocketApi {
    /** Spindle's TcpListener / TcpStream. */
    SPINDLE,
    /** java.nio's ServerSocketChannel / SocketChannel, blocking, from the installed SelectorProvider; TCP or AF_UNIX. */
    NIO,
    /** java.net's ServerSocket / Socket. */
    NET;

    /** Listens on {@code address} (a UnixDomainSocketAddress on {@link #NIO} only). */
    public StreamListener listen(SocketAddress address, int backlog) throws IOException {
        return switch (this) {
            case SPINDLE -> {
                TcpListener l = TcpListener.open().setOption(StandardSocketOptions.SO_REUSEADDR, true).bind(inet(address), backlog);
                yield new StreamListener(l, () -> spindle(l.accept()), l.localAddress());
            }
            case NIO -> {
                boolean unix = address instanceof UnixDomainSocketAddress;
                ServerSocketChannel l = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
                if (!unix) l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                l.bind(address, backlog);
                yield new StreamListener(l, () -> nio(l.accept(), !unix), l.getLocalAddress());
            }
            case NET -> {
                ServerSocket l = new ServerSocket();
                l.setReuseAddress(true);
                l.bind(inet(address), backlog);
                yield new StreamListener(l, () -> net(l.accept()), l.getLocalSocketAddress());
            }
        };
    }

    /** Connects to {@code address}, as {@link #listen} takes it. */
    public StreamSocket connect(SocketAddress address) throws IOException {
        return switch (this) {
            case SPINDLE -> spindle(TcpStream.open(inet(address)));
            case NIO -> nio(SocketChannel.open(address), !(address instanceof UnixDomainSocketAddress));
            case NET -> {
                Socket s = new Socket();
                s.connect(inet(address));
                yield net(s);
            }
        };
    }

    /** An IPv4 UDP socket, unbound; java.net's DatagramSocket is not adapted (it is not a channel). */
    public UdpEndpoint openUdp() throws IOException {
        return switch (this) {
            case SPINDLE -> SpindleUdp.open();
            case NIO -> new NioUdp(DatagramChannel.open(StandardProtocolFamily.INET));
            case NET -> throw new UnsupportedOperationException("no UdpEndpoint over java.net's DatagramSocket");
        };
    }

    private static StreamSocket spindle(TcpStream s) throws IOException {
        return new SpindleStream(noDelay(s));
    }

    private static StreamSocket nio(SocketChannel c, boolean tcp) throws IOException {
        return new NioStream(tcp ? noDelay(c) : c);
    }

    private static StreamSocket net(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return new NetStream(s);
    }

    private static <C extends NetworkChannel> C noDelay(C channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private InetSocketAddress inet(SocketAddress address) {
        if (address instanceof InetSocketAddress a) return a;
        throw new IllegalArgumentException(this + " makes TCP sockets only, not " + address);
    }
}
