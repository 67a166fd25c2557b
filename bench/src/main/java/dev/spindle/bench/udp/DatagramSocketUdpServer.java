package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * java.net's {@link DatagramSocket}, as blocking UDP code that predates channels writes it: one
 * socket, one thread, receive then send the packet back. Which impl runs under it is the JVM's
 * choice: the JDK's, or Spindle's with {@code -javaagent} ({@code jdk-socket-agent}).
 */
final class DatagramSocketUdpServer {
    private DatagramSocketUdpServer() {}

    static UdpServer start(InetSocketAddress address, Thread.Builder threads) throws IOException {
        DatagramSocket socket = new DatagramSocket(address);
        socket.setReceiveBufferSize(UdpEcho.SOCKET_BUFFER);
        socket.setSendBufferSize(UdpEcho.SOCKET_BUFFER);
        String buffers = "rcvbuf=" + socket.getReceiveBufferSize() + " sndbuf=" + socket.getSendBufferSize();
        return new OneThreadUdpServer(socket, buffers, threads, () -> {
            DatagramPacket p = new DatagramPacket(new byte[UdpEcho.MAX_DATAGRAM], UdpEcho.MAX_DATAGRAM);
            try {
                while (true) {
                    p.setLength(UdpEcho.MAX_DATAGRAM);
                    socket.receive(p);
                    socket.send(p); // back to where it came from: receive set the packet's address
                }
            } catch (SocketException e) {
                if (!socket.isClosed()) throw e; // else close() ended the loop
            }
        });
    }
}
