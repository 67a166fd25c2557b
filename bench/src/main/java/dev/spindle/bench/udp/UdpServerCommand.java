package dev.spindle.bench.udp;

import dev.spindle.bench.server.ServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code udp-server --impl IMPL --port PORT}: a UDP echo server on 127.0.0.1:PORT until SIGTERM;
 * prints {@code listening impl=.. mode=udp port=.. pid=.. rcvbuf=.. sndbuf=..} when ready.
 */
@Command(name = "udp-server", description = "A UDP echo server of IMPL on 127.0.0.1:PORT until SIGTERM.")
public final class UdpServerCommand implements Callable<Integer> {
    @Option(names = "--impl", required = true, paramLabel = "IMPL", completionCandidates = UdpImpl.Labels.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String impl;
    @Option(names = "--port", required = true)
    int port;

    @Override
    public Integer call() throws Exception {
        UdpImpl impl = UdpImpl.parse(this.impl);
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("--port must be 1..65535");
        ServerCommand.exitUnlessRunnable(impl.label(), impl.needsSpindle(), impl.unavailable());
        String wrongImpl = impl.agentMismatch();
        if (wrongImpl != null) {
            System.err.println(wrongImpl);
            return 1;
        }
        UdpServer server = impl.start(port);
        ServerCommand.serve(impl.label(), impl.netty(), server, String.format("listening impl=%s mode=udp port=%d pid=%d %s",
                impl.label(), port, ProcessHandle.current().pid(), server.describe()));
        return 0;
    }
}
