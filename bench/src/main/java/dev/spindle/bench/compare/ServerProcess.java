package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ProcStat;
import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.server.Impl;
import dev.spindle.bench.server.NettyTuning;
import dev.spindle.bench.udp.UdpImpl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One benchmark server in a child JVM (the same java binary), pinned to CPU 0. */
public final class ServerProcess implements AutoCloseable {
    public final String impl;
    public final int port;
    private final boolean nettyAtBest;
    private final Process process;
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final StringBuilder tail = new StringBuilder();

    /** A server as {@code compare} starts it by default: a Netty server at its best. */
    public ServerProcess(String impl, String mode, Pinning pinning) throws IOException {
        this(impl, mode, pinning, true);
    }

    /** {@code nettyAtBest}: a Netty server's JVM gets {@link dev.spindle.bench.server.NettyTuning}'s options. */
    public ServerProcess(String impl, String mode, Pinning pinning, boolean nettyAtBest) throws IOException {
        this(tcp(impl, mode, nettyAtBest, freePort()), pinning);
    }

    /** A UDP echo server ({@code udp-server}, a {@link UdpImpl}) on a free UDP port. */
    public static ServerProcess udp(String impl, Pinning pinning, boolean nettyAtBest) throws IOException {
        UdpImpl u = UdpImpl.parse(impl);
        int port = freeUdpPort();
        return new ServerProcess(new Launch(impl, nettyAtBest && u.netty(), port,
                ChildJvm.command(u.jvmOptions(ChildJvm.javaFeature(), nettyAtBest),
                        List.of("udp-server", "--impl", impl, "--port", Integer.toString(port)))), pinning);
    }

    /** What to start: {@code nettyAtBest} when the server must report unsafe=true. */
    private record Launch(String impl, boolean nettyAtBest, int port, List<String> command) {}

    private static Launch tcp(String impl, String mode, boolean nettyAtBest, int port) {
        // the SelectorProvider property for *-spindle; sun.misc.Unsafe and the rest for Netty at its best
        List<String> cmd = ChildJvm.command(Impl.parse(impl).jvmOptions(ChildJvm.javaFeature(), nettyAtBest),
                List.of("server", "--impl", impl, "--mode", mode, "--port", Integer.toString(port)));
        return new Launch(impl, nettyAtBest && Impl.parse(impl).netty(), port, cmd);
    }

    private ServerProcess(Launch launch, Pinning pinning) throws IOException {
        this.impl = launch.impl();
        this.nettyAtBest = launch.nettyAtBest();
        this.port = launch.port();
        ProcessBuilder pb = new ProcessBuilder(pinning.server(launch.command())).redirectErrorStream(true);
        this.process = pb.start();
        Thread.ofPlatform().daemon().name("server-out-" + impl).start(this::pump);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("listening ")) listening.complete(line);
                synchronized (tail) {
                    tail.append(line).append('\n');
                    if (tail.length() > 8000) tail.delete(0, tail.length() - 4000);
                }
            }
        } catch (IOException ignored) {
            // the process went away
        }
        listening.completeExceptionally(new IOException("server " + impl + " exited before listening:\n" + output()));
    }

    /**
     * Waits for the "listening" line, and returns it (it names the SelectorProvider in use).
     * A Netty server started at its best must report {@code unsafe=true}: otherwise it would
     * run Netty's slower paths without sun.misc.Unsafe and understate Netty, so this throws
     * {@link IllegalStateException} (with the reason the server gives).
     */
    public String awaitListening(long seconds) throws IOException, InterruptedException {
        try {
            String line = listening.get(seconds, TimeUnit.SECONDS);
            if (nettyAtBest && !line.contains(" unsafe=true")) {
                String why = output().lines().filter(l -> l.startsWith("netty: ")).findFirst().orElse("");
                throw new IllegalStateException(impl + " reports " + (line.contains(" unsafe=false") ? "unsafe=false" : "no unsafe=")
                        + " although it was started for Netty at its best ("
                        + String.join(" ", NettyTuning.jvmOptions(ChildJvm.javaFeature()))
                        + "), so it would run without sun.misc.Unsafe. " + why
                        + "\nRun compare with --netty stock to measure Netty without it on purpose.");
            }
            return line;
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IOException("server " + impl + " did not listen within " + seconds + " s:\n" + output());
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid(); // taskset execs the JVM, so this is the JVM's pid
    }

    /** CPU seconds the server has used so far. */
    public double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    public String output() {
        synchronized (tail) {
            return tail.toString();
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            System.err.println("server " + impl + " ignored SIGTERM; killing it");
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
