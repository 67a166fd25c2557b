package dev.spindle.bench.udp;

import dev.spindle.bench.server.Server;

/** A running UDP echo server: {@link #describe()} goes into its listening line. */
interface UdpServer extends Server {
    /** What the socket got, e.g. "rcvbuf=N sndbuf=N". */
    String describe();
}
