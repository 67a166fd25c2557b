package dev.spindle.bench.thesis;

import java.io.IOException;

/** One end of the ring as {@link Laps} drives it: a byte at a time, with blocking calls. */
interface Link {
    /** Blocks for one byte; -1 at end of stream. */
    int read() throws IOException;

    void write(int b) throws IOException;
}
