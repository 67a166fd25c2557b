package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** spindle-udp-load --sink on the load CPUs: counts what arrives on its port until closed. */
final class UdpSink implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    final int port;

    UdpSink(Path binary, Pinning pinning, double maxSeconds) throws IOException {
        process = new ProcessBuilder(pinning.load(List.of(binary.toString(), "--sink", "--duration", Double.toString(maxSeconds))))
                .redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("SINK port=")) {
            process.destroyForcibly();
            throw new IOException("the UDP sink did not start: " + line);
        }
        port = Integer.parseInt(line.substring("SINK port=".length()).trim());
    }

    /** Ends the sink (closing its stdin) and returns its RESULT figures (empty if it printed none). */
    Map<String, String> finish() throws IOException, InterruptedException {
        process.getOutputStream().close();
        String line;
        Map<String, String> result = new HashMap<>();
        while ((line = out.readLine()) != null) if (line.startsWith("RESULT ")) result.putAll(NativeLoad.resultLine(line));
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
