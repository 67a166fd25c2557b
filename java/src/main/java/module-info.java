/** Spindle: blocking TCP channels on a native edge-triggered poller. */
module dev.spindle {
    exports dev.spindle;
    exports dev.spindle.net;
}
