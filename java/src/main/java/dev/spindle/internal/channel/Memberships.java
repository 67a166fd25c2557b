package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.NativeUdp;
import dev.spindle.internal.sys.UdpLayout;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.MembershipKey;
import java.nio.channels.MulticastChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A UDP socket's multicast memberships, with the rules of {@link MulticastChannel}: one key per
 * (group, interface, source); a group is joined either for any source or for chosen sources;
 * blocking applies to any-source keys. Each operation is one setsockopt (MCAST_* with the
 * interface's index), under the socket's stateLock.
 */
final class Memberships {
    private final SocketFd socket;
    private final List<Key> keys = new ArrayList<>(); // guarded by socket.stateLock

    Memberships(SocketFd socket) {
        this.socket = socket;
    }

    MembershipKey join(MulticastChannel channel, InetAddress group, NetworkInterface ni, InetAddress source)
            throws IOException {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ni, "interface");
        if (!group.isMulticastAddress()) throw new IllegalArgumentException(group + " is not a multicast group");
        if (group instanceof Inet6Address && socket.family == NativeConstants.FAMILY_IPV4)
            throw new IllegalArgumentException("IPv6 group " + group + " on an IPv4 socket");
        if (source != null) checkSource(group, source);
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            for (Key k : keys) {
                if (!k.group().equals(group) || !k.networkInterface().equals(ni)) continue;
                if (Objects.equals(k.sourceAddress(), source)) return k;
                if (k.sourceAddress() == null || source == null)
                    throw new IllegalStateException(group + " is already joined on " + ni.getName()
                            + (source == null ? " for chosen sources" : " for any source"));
            }
            Key key = new Key(channel, group, ni, source);
            int rc = key.apply(source == null ? NativeUdp.MCAST_JOIN : NativeUdp.MCAST_JOIN_SOURCE, source);
            if (rc < 0) throw failure("join " + group + " on " + ni.getName(), rc);
            keys.add(key);
            return key;
        }
    }

    /** The key for group on ni (any source, or the first source-specific one), or null if not joined. */
    MembershipKey find(InetAddress group, NetworkInterface ni) {
        synchronized (socket.stateLock) {
            for (Key k : keys) if (k.group().equals(group) && k.networkInterface().equals(ni)) return k;
            return null;
        }
    }

    private static void checkSource(InetAddress group, InetAddress source) {
        if (source.isAnyLocalAddress() || source.isMulticastAddress())
            throw new IllegalArgumentException(source + " is not a unicast source");
        if (source.getClass() != group.getClass())
            throw new IllegalArgumentException("source " + source + " and group " + group + " are of different families");
    }

    /** The socket closed: the kernel left every group with the fd. */
    void invalidateAll() {
        synchronized (socket.stateLock) {
            for (Key k : keys) k.valid = false;
            keys.clear();
        }
    }

    private static IOException failure(String op, int rc) {
        if (rc == -UdpLayout.EOPNOTSUPP)
            return new SocketException(op + " failed: source filtering (MCAST_*) is not supported by this OS");
        return Errors.of(op, rc);
    }

    private static byte[] form(InetAddress ip) throws SocketException {
        int family = ip instanceof Inet4Address ? NativeConstants.FAMILY_IPV4 : NativeConstants.FAMILY_IPV6;
        return Addresses.encode(new InetSocketAddress(ip, 0), family);
    }

    private final class Key extends MembershipKey {
        private final MulticastChannel channel;
        private final InetAddress group, source;
        private final NetworkInterface ni;
        private final Set<InetAddress> blocked = new HashSet<>(); // guarded by socket.stateLock
        private volatile boolean valid = true;

        Key(MulticastChannel channel, InetAddress group, NetworkInterface ni, InetAddress source) {
            this.channel = channel;
            this.group = group;
            this.ni = ni;
            this.source = source;
        }

        /** One membership setsockopt for this key (source: the key's, or the one to block). */
        int apply(int op, InetAddress src) throws SocketException {
            return NativeUdp.membership(socket.fd, op, form(group), ni.getIndex(), src == null ? null : form(src));
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public void drop() {
            synchronized (socket.stateLock) {
                if (!valid) return;
                valid = false;
                keys.remove(this);
                try {
                    // Leaving can fail only if the kernel forgot the membership already; drop() cannot throw.
                    if (socket.isOpen())
                        apply(source == null ? NativeUdp.MCAST_LEAVE : NativeUdp.MCAST_LEAVE_SOURCE, source);
                } catch (SocketException ignored) {
                    // the address encoded when the key was made; it cannot fail now
                }
            }
        }

        @Override
        public MembershipKey block(InetAddress src) throws IOException {
            Objects.requireNonNull(src, "source");
            if (source != null) throw new IllegalStateException("a source-specific membership cannot block sources");
            checkSource(group, src);
            synchronized (socket.stateLock) {
                if (!valid) throw new IllegalStateException("membership key is no longer valid");
                if (blocked.contains(src)) return this;
                int rc = apply(NativeUdp.MCAST_BLOCK, src);
                if (rc < 0) {
                    if (rc == -UdpLayout.EOPNOTSUPP)
                        throw new UnsupportedOperationException("blocking multicast sources is not supported by this OS");
                    throw failure("block " + src + " in " + group, rc);
                }
                blocked.add(src);
                return this;
            }
        }

        @Override
        public MembershipKey unblock(InetAddress src) {
            synchronized (socket.stateLock) {
                if (!valid) throw new IllegalStateException("membership key is no longer valid");
                if (!blocked.remove(src)) throw new IllegalStateException(src + " is not blocked");
                try {
                    apply(NativeUdp.MCAST_UNBLOCK, src);
                } catch (SocketException ignored) {
                    // encoded once already when it was blocked
                }
                return this;
            }
        }

        @Override
        public MulticastChannel channel() {
            return channel;
        }

        @Override
        public InetAddress group() {
            return group;
        }

        @Override
        public NetworkInterface networkInterface() {
            return ni;
        }

        @Override
        public InetAddress sourceAddress() {
            return source;
        }

        @Override
        public String toString() {
            return "<" + group.getHostAddress() + "," + ni.getName() + (source == null ? "" : "," + source.getHostAddress())
                    + (valid ? "" : ",invalid") + ">";
        }
    }
}
