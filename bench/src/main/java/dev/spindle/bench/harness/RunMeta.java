package dev.spindle.bench.harness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a results file says about its run: when, on which java, and how the CPUs were shared out. */
public final class RunMeta {
    private RunMeta() {}

    /** started, java, cpus and pinning, in that order; a command adds its own entries after them. */
    public static Map<String, String> of(Pinning pinning) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("started", Instant.now().toString());
        meta.put("java", ChildJvm.java() + " " + Runtime.version());
        meta.put("cpus", Integer.toString(pinning.cpus));
        meta.put("pinning", pinning.describe());
        return meta;
    }
}
