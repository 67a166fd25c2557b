package dev.spindle.internal.sys;

/** Native sizes, offsets and masks, read once from the loaded library. */
public final class Layout {
    private Layout() {}

    public static final int EVENT_SIZE = Native.constant(Native.C_EVENT_SIZE);
    public static final int EVENT_TOKEN_OFFSET = Native.constant(Native.C_EVENT_TOKEN_OFFSET);
    public static final int EVENT_BITS_OFFSET = Native.constant(Native.C_EVENT_BITS_OFFSET);
    public static final int EVENT_READ_MASK = Native.constant(Native.C_EVENT_READ_MASK);
    public static final int EVENT_WRITE_MASK = Native.constant(Native.C_EVENT_WRITE_MASK);
    public static final int EVENT_EXCEPTIONAL_MASK = Native.constant(Native.C_EVENT_EXCEPTIONAL_MASK);
    /** Whether a short stream read proves the socket drained until an exceptional event: poller.h. */
    public static final boolean SHORT_READ_DRAINS = Native.constant(Native.C_SHORT_READ_DRAINS) == 1;
    public static final int ADDR_SIZE = Native.constant(Native.C_ADDR_SIZE);
    public static final int IOV_SIZE = Native.constant(Native.C_IOV_SIZE);
    public static final int IOV_MAX = Native.constant(Native.C_IOV_MAX);

    // Families and types of Native.socket: net.h's SP_FAMILY_UNIX, SP_STREAM and SP_DATAGRAM.
    public static final int FAMILY_UNIX = 1, STREAM = 1, DATAGRAM = 2;

    // Interest bits of Native.selectorSet: poller.h's SP_SEL_READ and SP_SEL_WRITE.
    public static final int SEL_READ = 1, SEL_WRITE = 2;

    // Option ids of net.h's enum sp_option.
    public static final int OPT_TCP_NODELAY = 1, OPT_SO_KEEPALIVE = 2, OPT_SO_RCVBUF = 3, OPT_SO_SNDBUF = 4,
            OPT_SO_LINGER = 5, OPT_SO_REUSEADDR = 6, OPT_SO_REUSEPORT = 7, OPT_IPV6_V6ONLY = 8, OPT_IP_TOS = 9,
            OPT_SO_BROADCAST = 10, OPT_IP_MULTICAST_IF = 11, OPT_IP_MULTICAST_TTL = 12, OPT_IP_MULTICAST_LOOP = 13,
            OPT_UDP_GRO = 14, OPT_SO_RXQ_OVFL = 15, OPT_IP_MULTICAST_ALL = 16, OPT_TCP_KEEPIDLE = 17,
            OPT_TCP_KEEPINTVL = 18, OPT_TCP_KEEPCNT = 19, OPT_TCP_QUICKACK = 20, OPT_SO_INCOMING_NAPI_ID = 21,
            OPT_SO_OOBINLINE = 22, OPT_IP_DONTFRAG = 23, OPT_TCP_USER_TIMEOUT = 24, OPT_TCP_FASTOPEN = 25,
            OPT_TCP_FASTOPEN_CONNECT = 26, OPT_TCP_CORK = 27, OPT_TCP_NOTSENT_LOWAT = 28, OPT_SO_BUSY_POLL = 29,
            OPT_TCP_CONGESTION = 30, OPT_TCP_INFO = 31;
    /** net.h's SP_TCP_INFO_FIELDS. */
    public static final int TCP_INFO_FIELDS = 40;
}
