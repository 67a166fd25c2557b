/** Spindle: blocking TCP channels on a native edge-triggered poller, and a drop-in java.nio SelectorProvider. */
module dev.spindle {
    requires jdk.net; // jdk.net.ExtendedSocketOptions, UnixDomainPrincipal (SO_PEERCRED)
    exports dev.spindle;
    exports dev.spindle.net;
    exports dev.spindle.nio;
}
