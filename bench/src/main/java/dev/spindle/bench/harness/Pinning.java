package dev.spindle.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The server gets CPU 0 and the load generator the remaining CPUs, via
 * taskset when it is installed (nothing is pinned otherwise).
 */
public final class Pinning {
    public final boolean available;
    public final int cpus;

    public Pinning() {
        this.available = Tools.onPath("taskset") != null;
        this.cpus = Runtime.getRuntime().availableProcessors();
    }

    /** CPUs the load generator may use. */
    public int loadCpuCount() {
        return available && cpus > 1 ? cpus - 1 : cpus;
    }

    public List<String> server(List<String> command) {
        return wrap("0", command);
    }

    public List<String> load(List<String> command) {
        return cpus > 1 ? wrap(cpus == 2 ? "1" : "1-" + (cpus - 1), command) : command;
    }

    private List<String> wrap(String cpuList, List<String> command) {
        if (!available) return command;
        List<String> out = new ArrayList<>(List.of("taskset", "-c", cpuList));
        out.addAll(command);
        return out;
    }

    public String describe() {
        if (!available) return "not pinned (taskset not found), " + cpus + " CPUs shared";
        if (cpus == 1) return "1 CPU: server and load generator share CPU 0";
        return "server on CPU 0, load generator on CPU " + (cpus == 2 ? "1" : "1-" + (cpus - 1));
    }
}
