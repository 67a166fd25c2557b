/** Spindle: blocking TCP channels on a native edge-triggered poller, and a drop-in java.nio SelectorProvider. */
module dev.spindle {
    exports dev.spindle;
    exports dev.spindle.net;
    exports dev.spindle.nio;
}
