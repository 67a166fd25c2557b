package dev.spindle.nio;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The impl handed to {@code DatagramSocket}'s only accessible constructor that opens no socket of
 * the JDK's; {@link DatagramSocketAdaptor} overrides every method that would use it.
 */
final class DummyDatagramSocketImpl extends DatagramSocketImpl {
    private static SocketException unused() {
        return new SocketException("no DatagramSocketImpl behind a Spindle channel's socket adaptor");
    }

    @Override protected void create() throws SocketException { throw unused(); }
    @Override protected void bind(int lport, InetAddress laddr) throws SocketException { throw unused(); }
    @Override protected void send(DatagramPacket p) throws IOException { throw unused(); }
    @Override protected int peek(InetAddress i) throws IOException { throw unused(); }
    @Override protected int peekData(DatagramPacket p) throws IOException { throw unused(); }
    @Override protected void receive(DatagramPacket p) throws IOException { throw unused(); }
    @Deprecated @Override protected void setTTL(byte ttl) throws IOException { throw unused(); }
    @Deprecated @Override protected byte getTTL() throws IOException { throw unused(); }
    @Override protected void setTimeToLive(int ttl) throws IOException { throw unused(); }
    @Override protected int getTimeToLive() throws IOException { throw unused(); }
    @Override protected void join(InetAddress inetaddr) throws IOException { throw unused(); }
    @Override protected void leave(InetAddress inetaddr) throws IOException { throw unused(); }
    @Override protected void joinGroup(SocketAddress group, NetworkInterface netIf) throws IOException { throw unused(); }
    @Override protected void leaveGroup(SocketAddress group, NetworkInterface netIf) throws IOException { throw unused(); }
    @Override protected void close() {}
    @Override public void setOption(int optID, Object value) throws SocketException { throw unused(); }
    @Override public Object getOption(int optID) throws SocketException { throw unused(); }
}
