package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeUnix;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import jdk.net.UnixDomainPrincipal;

/**
 * SO_PEERCRED as the JDK reports it: the peer's user and group as the file system's principals, named
 * as the system's user and group databases name them (the number where they have no name).
 */
final class PeerPrincipals {
    private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    /** The kernel's "nobody known" id (an unconnected socket's peer): (uid_t) -1. */
    private static final long NO_ID = 0xffff_ffffL;

    private PeerPrincipals() {}

    static UnixDomainPrincipal of(SocketFd s) throws IOException {
        long[] c = UnixSockets.peerCredentials(s);
        if (c[1] == NO_ID || c[1] == -1) throw new SocketException("SO_PEERCRED: the socket has no peer (not connected)");
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        return new UnixDomainPrincipal(lookup.lookupPrincipalByName(name(c[1], 0)),
                lookup.lookupPrincipalByGroupName(name(c[2], 1)));
    }

    private static String name(long id, int group) {
        byte[] out = new byte[256];
        int n = NativeUnix.principalName(id, group, out);
        return n < 0 ? Long.toString(id) : new String(out, 0, n, NAMES);
    }
}
