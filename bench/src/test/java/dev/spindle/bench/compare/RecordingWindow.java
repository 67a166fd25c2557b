package dev.spindle.bench.compare;

import java.util.ArrayList;
import java.util.List;

/** A {@link LoadGenerator.Window} that records the edges it is told about, in order. */
final class RecordingWindow implements LoadGenerator.Window {
    final List<String> edges = new ArrayList<>();

    @Override
    public void begin() {
        edges.add("begin");
    }

    @Override
    public void end() {
        edges.add("end");
    }
}
