package dev.spindle.javanet;

import java.net.SocketImplFactory;
import java.util.concurrent.atomic.LongAdder;

/** Spindle's java.net factories, and a count of the sockets they made, which shows that java.net really runs on Spindle. */
final class SpindleSockets {
    private SpindleSockets() {}

    static final SocketImplFactory CLIENT = () -> new SpindleSocketImpl(false);
    static final SocketImplFactory SERVER = () -> new SpindleSocketImpl(true);
    static final java.net.DatagramSocketImplFactory DATAGRAM = SpindleDatagramSocketImpl::new;

    private static final LongAdder OPENED = new LongAdder();

    static void opened(Object impl) {
        OPENED.increment();
    }

    /** How many sockets (client, server, accepted, datagram) Spindle's java.net impls have opened in this JVM. */
    static long openedCount() {
        return OPENED.sum();
    }
}
