package dev.spindle.internal.sys;

/**
 * The library's sizes, offsets, masks and ids, each read once from it by a named id, so that no C
 * number is copied here. Without the library (the JDK fallback) every value is -1: only native
 * code paths use them, but tables such as the option table still name them.
 */
public final class NativeConstants {
    private NativeConstants() {}

    public static final int EVENT_SIZE = constant(Native.C_EVENT_SIZE);
    public static final int EVENT_TOKEN_OFFSET = constant(Native.C_EVENT_TOKEN_OFFSET);
    public static final int EVENT_BITS_OFFSET = constant(Native.C_EVENT_BITS_OFFSET);
    public static final int EVENT_READ_MASK = constant(Native.C_EVENT_READ_MASK);
    public static final int EVENT_WRITE_MASK = constant(Native.C_EVENT_WRITE_MASK);
    public static final int EVENT_EXCEPTIONAL_MASK = constant(Native.C_EVENT_EXCEPTIONAL_MASK);
    /** Whether a short stream read proves the socket drained until an exceptional event: poller.h. */
    public static final boolean SHORT_READ_DRAINS = constant(Native.C_SHORT_READ_DRAINS) == 1;
    public static final int ADDR_SIZE = constant(Native.C_ADDR_SIZE);
    public static final int IOV_SIZE = constant(Native.C_IOV_SIZE);
    public static final int IOV_MAX = constant(Native.C_IOV_MAX);

    /** Address families (net.h): of Native.socket, and an address's first byte; NONE is no address. */
    public static final int FAMILY_NONE = constant(Native.C_FAMILY_NONE), FAMILY_UNIX = constant(Native.C_FAMILY_UNIX),
            FAMILY_IPV4 = constant(Native.C_FAMILY_IPV4), FAMILY_IPV6 = constant(Native.C_FAMILY_IPV6);
    /** Socket types of Native.socket. */
    public static final int STREAM = constant(Native.C_STREAM), DATAGRAM = constant(Native.C_DATAGRAM);
    /** Interest bits of Native.selectorSet (poller.h). */
    public static final int SEL_READ = constant(Native.C_SEL_READ), SEL_WRITE = constant(Native.C_SEL_WRITE);
    /** Directions of Native.shutdown. */
    public static final int SHUT_INPUT = constant(Native.C_SHUT_INPUT), SHUT_OUTPUT = constant(Native.C_SHUT_OUTPUT),
            SHUT_BOTH = constant(Native.C_SHUT_BOTH);
    /** Readiness bits of Native.pollFd. */
    public static final int POLL_READ = constant(Native.C_POLL_READ), POLL_WRITE = constant(Native.C_POLL_WRITE);
    /** How many values Native.tcpInfo writes. */
    public static final int TCP_INFO_FIELDS = constant(Native.C_TCP_INFO_FIELDS);

    /** Option ids: net.h's enum sp_option. */
    public static final int OPT_TCP_NODELAY = constant(Native.C_OPT_TCP_NODELAY);
    public static final int OPT_SO_KEEPALIVE = constant(Native.C_OPT_SO_KEEPALIVE);
    public static final int OPT_SO_RCVBUF = constant(Native.C_OPT_SO_RCVBUF);
    public static final int OPT_SO_SNDBUF = constant(Native.C_OPT_SO_SNDBUF);
    public static final int OPT_SO_LINGER = constant(Native.C_OPT_SO_LINGER);
    public static final int OPT_SO_REUSEADDR = constant(Native.C_OPT_SO_REUSEADDR);
    public static final int OPT_SO_REUSEPORT = constant(Native.C_OPT_SO_REUSEPORT);
    public static final int OPT_IPV6_V6ONLY = constant(Native.C_OPT_IPV6_V6ONLY);
    public static final int OPT_IP_TOS = constant(Native.C_OPT_IP_TOS);
    public static final int OPT_SO_BROADCAST = constant(Native.C_OPT_SO_BROADCAST);
    public static final int OPT_IP_MULTICAST_IF = constant(Native.C_OPT_IP_MULTICAST_IF);
    public static final int OPT_IP_MULTICAST_TTL = constant(Native.C_OPT_IP_MULTICAST_TTL);
    public static final int OPT_IP_MULTICAST_LOOP = constant(Native.C_OPT_IP_MULTICAST_LOOP);
    public static final int OPT_UDP_GRO = constant(Native.C_OPT_UDP_GRO);
    public static final int OPT_SO_RXQ_OVFL = constant(Native.C_OPT_SO_RXQ_OVFL);
    public static final int OPT_IP_MULTICAST_ALL = constant(Native.C_OPT_IP_MULTICAST_ALL);
    public static final int OPT_TCP_KEEPIDLE = constant(Native.C_OPT_TCP_KEEPIDLE);
    public static final int OPT_TCP_KEEPINTVL = constant(Native.C_OPT_TCP_KEEPINTVL);
    public static final int OPT_TCP_KEEPCNT = constant(Native.C_OPT_TCP_KEEPCNT);
    public static final int OPT_TCP_QUICKACK = constant(Native.C_OPT_TCP_QUICKACK);
    public static final int OPT_SO_INCOMING_NAPI_ID = constant(Native.C_OPT_SO_INCOMING_NAPI_ID);
    public static final int OPT_SO_OOBINLINE = constant(Native.C_OPT_SO_OOBINLINE);
    public static final int OPT_IP_DONTFRAG = constant(Native.C_OPT_IP_DONTFRAG);
    public static final int OPT_TCP_USER_TIMEOUT = constant(Native.C_OPT_TCP_USER_TIMEOUT);
    public static final int OPT_TCP_FASTOPEN = constant(Native.C_OPT_TCP_FASTOPEN);
    public static final int OPT_TCP_FASTOPEN_CONNECT = constant(Native.C_OPT_TCP_FASTOPEN_CONNECT);
    public static final int OPT_TCP_CORK = constant(Native.C_OPT_TCP_CORK);
    public static final int OPT_TCP_NOTSENT_LOWAT = constant(Native.C_OPT_TCP_NOTSENT_LOWAT);
    public static final int OPT_SO_BUSY_POLL = constant(Native.C_OPT_SO_BUSY_POLL);
    public static final int OPT_TCP_CONGESTION = constant(Native.C_OPT_TCP_CONGESTION);
    public static final int OPT_TCP_INFO = constant(Native.C_OPT_TCP_INFO);

    private static int constant(int id) {
        if (NativeLoader.failure() != null) return -1;
        int value = Native.constant(id);
        if (value == Integer.MIN_VALUE) throw new IllegalStateException("libspindle has no constant with id " + id);
        return value;
    }
}
