package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ProcStat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The server JVMs of a run: started together, primed, and settled before each measurement. */
public final class Servers {
    /** Priming stops after this many rounds in a row without a new best... */
    static final int PRIME_PATIENCE = 3;
    /** ...where a new best is more than this much above the old one. */
    static final double PRIME_GAIN = 0.03;

    private Servers() {}

    /** How to start one impl's server. */
    interface ServerStarter {
        ServerProcess start(String impl) throws IOException;
    }

    /** Starts one server per impl and waits for each to listen; stops them all when one fails. */
    static List<ServerProcess> start(List<String> impls, ServerStarter starter, String mode, Map<String, String> meta)
            throws Exception {
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (String impl : impls) servers.add(starter.start(impl));
            for (ServerProcess s : servers) {
                String line = s.awaitListening(60).substring("listening ".length());
                System.out.println("server " + line);
                meta.put("server_" + mode + "_" + s.impl, line);
            }
        } catch (Exception e) {
            for (ServerProcess s : servers) s.close();
            throw e;
        }
        return servers;
    }

    /**
     * Drives each fresh server in 1 s rounds (64 connections) until its throughput
     * stops improving, so that every impl starts its first point JIT-compiled: it
     * stops after {@value #PRIME_PATIENCE} rounds in a row without a new best (one more
     * than {@value #PRIME_GAIN} x 100 % above the best so far), and not before
     * {@code minRounds} rounds, nor after {@code maxSeconds}. On one CPU Netty takes
     * ~10 s to get there, the thread-per-connection servers ~3 s.
     */
    public static void prime(List<ServerProcess> servers, LoadGenerator gen, double maxSeconds, int minRounds) throws InterruptedException {
        if (maxSeconds <= 0) return;
        LoadGenerator.Window ignore = new LoadGenerator.Window() {
            @Override
            public void begin() { }

            @Override
            public void end() { }
        };
        for (ServerProcess s : servers) {
            settle(servers);
            double first = Double.NaN;
            double best = 0;
            int sinceBest = 0;
            int rounds = 0;
            double last = 0;
            try {
                int max = Math.max(1, (int) Math.round(maxSeconds));
                boolean stable = false;
                while (rounds < max) {
                    last = gen.run(s.port, 64, 0, 1, ignore).rps();
                    rounds++;
                    if (Double.isNaN(first)) first = last;
                    if (last > best * (1 + PRIME_GAIN)) {
                        best = last;
                        sinceBest = 0;
                    } else if (++sinceBest >= PRIME_PATIENCE && rounds >= minRounds) {
                        stable = true;
                        break;
                    }
                }
                System.out.printf(Locale.ROOT, "primed %-16s %s -> %s req/s in %d s%s%n", s.impl, Format.rps(first), Format.rps(last), rounds,
                        stable ? "" : " (stopped by the --prime cap, not by stability)");
            } catch (IOException e) {
                System.out.println("priming " + s.impl + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * Waits (at most 5 s) until no server uses CPU: a JVM that has just been
     * driven may still be compiling or collecting on CPU 0, which would be
     * charged to whoever runs next.
     */
    public static void settle(List<ServerProcess> servers) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            double before = busy(servers);
            Thread.sleep(200);
            if (busy(servers) - before <= 0.02) return; // at most 2 ticks in 200 ms
        }
        String who = servers.size() == 1 ? servers.get(0).impl + " was" : "the servers were";
        System.out.println("note: " + who + " still using CPU after 5 s; measuring anyway");
    }

    /** A machine whose CPUs are at most this busy on average, with no load running, counts as quiet. */
    static final double QUIET_PCT = 10;

    /**
     * Waits, at most {@code maxSeconds}, until the CPUs as a whole are under {@value #QUIET_PCT}% busy
     * over half a second (the servers are idle by now, so what is busy is other work); says so when
     * they never are.
     */
    static void awaitQuietMachine(double maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        int cpus = Runtime.getRuntime().availableProcessors();
        double busy = Double.NaN;
        while (System.nanoTime() < deadline) {
            long[][] a = ProcStat.cpuTicks();
            Thread.sleep(500);
            busy = ProcStat.busyPct(a, ProcStat.cpuTicks(), 0, cpus - 1);
            if (Double.isNaN(busy) || busy < QUIET_PCT) return;
            Thread.sleep(1500);
        }
        System.out.printf(Locale.ROOT, "note: the machine was still %.0f%% busy with other work after %.0f s; measuring anyway%n", busy, maxSeconds);
    }

    private static double busy(List<ServerProcess> servers) {
        double sum = 0;
        for (ServerProcess s : servers) {
            double c = s.cpuSeconds();
            if (!Double.isNaN(c)) sum += c;
        }
        return sum;
    }
}
