package dev.spindle.javanet;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.util.Collections;

/** The interface a group is joined on when the caller names none (MulticastSocket.joinGroup(InetAddress)). */
final class Multicast {
    private Multicast() {}

    /**
     * IP_MULTICAST_IF if set; else the first interface that is up, multicast-capable and has an
     * address of the group's family (non-loopback first), as the kernel's default route would mostly pick.
     */
    static NetworkInterface defaultInterface(IntOptions.Target impl, InetAddress group) throws IOException {
        if (!group.isMulticastAddress()) throw new SocketException("Not a multicast address");
        NetworkInterface set = impl.getCoreOption(StandardSocketOptions.IP_MULTICAST_IF);
        if (set != null) return set;
        NetworkInterface fallback = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || !ni.supportsMulticast() || !hasFamily(ni, group instanceof Inet6Address)) continue;
            if (!ni.isLoopback()) return ni;
            if (fallback == null) fallback = ni;
        }
        if (fallback != null) return fallback;
        throw new SocketException("no multicast-capable interface to join " + group + " on; name one or set IP_MULTICAST_IF");
    }

    private static boolean hasFamily(NetworkInterface ni, boolean v6) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) if ((a instanceof Inet6Address) == v6) return true;
        return false;
    }
}
