package dev.spindle.bench.udp;

import java.io.IOException;

/**
 * One way of sending {@code segments} datagrams of {@code size} bytes to one peer, for the GSO
 * measurement: one call per datagram, one sendmmsg for them all, or one GSO send.
 */
interface Burst extends AutoCloseable {
    /** Sends one burst; returns the datagrams it sent. */
    int send() throws IOException;

    /** Syscalls one burst makes. */
    int calls();

    @Override
    void close() throws IOException;
}
