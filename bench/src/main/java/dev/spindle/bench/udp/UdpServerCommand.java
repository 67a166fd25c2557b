package dev.spindle.bench.udp;

import dev.spindle.bench.Args;
import dev.spindle.bench.server.ServerCommand;

import java.util.Set;

/**
 * {@code udp-server --impl IMPL --port PORT}: a UDP echo server on 127.0.0.1:PORT until SIGTERM;
 * prints {@code listening impl=.. mode=udp port=.. pid=.. rcvbuf=.. sndbuf=..} when ready.
 */
public final class UdpServerCommand {
    private UdpServerCommand() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("impl", "port"));
        UdpImpl impl = UdpImpl.parse(args.required("impl"));
        int port = args.integer("port", 0);
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("--port must be 1..65535");
        ServerCommand.exitUnlessRunnable(impl.label(), impl.needsSpindle(), impl.unavailable());
        String wrongImpl = impl.agentMismatch();
        if (wrongImpl != null) {
            System.err.println(wrongImpl);
            System.exit(1);
        }
        UdpServer server = impl.start(port);
        ServerCommand.serve(impl.label(), impl.netty(), server, String.format("listening impl=%s mode=udp port=%d pid=%d %s",
                impl.label(), port, ProcessHandle.current().pid(), server.describe()));
    }
}
