package dev.spindle.bench;

import dev.spindle.bench.compare.CompareCommand;
import dev.spindle.bench.server.ServerCommand;
import dev.spindle.bench.thesis.ThesisCommand;
import dev.spindle.bench.thesis.ThesisVariantRun;

import java.util.Arrays;

/** Entry point of spindle-bench.jar: dispatches to one command. */
public final class Main {
    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help")) {
            usage();
            System.exit(argv.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv[0]) {
            case "server" -> ServerCommand.main(rest);
            case "udp-server" -> dev.spindle.bench.udp.UdpServerCommand.main(rest);
            case "udp-gso" -> dev.spindle.bench.compare.GsoCompare.main(rest);
            case "udp-gso-send" -> dev.spindle.bench.udp.GsoSender.main(rest); // internal: the sender JVM of udp-gso
            case "jvm-options" -> ServerCommand.jvmOptions(rest); // for scripts: what compare gives a server JVM
            case "compare" -> CompareCommand.main(rest);
            case "median" -> dev.spindle.bench.compare.MedianCommand.main(rest);
            case "efficiency-median" -> dev.spindle.bench.compare.EfficiencyMedian.main(rest);
            case "costs" -> dev.spindle.bench.costs.CostsCommand.main(rest);
            case "thesis" -> ThesisCommand.main(rest);
            case "thesis-variant" -> ThesisVariantRun.main(rest); // internal: one child JVM per variant
            case "files" -> dev.spindle.bench.files.FilesCommand.main(rest);
            case "files-server" -> dev.spindle.bench.files.FileServerCommand.main(rest); // internal: one server of files
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.err.println("unknown command: " + argv[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
            usage: java -jar spindle-bench.jar COMMAND [options]
              server  --impl IMPL --mode echo|http --port PORT [--threads N]
                      IMPL: spindle-virtual spindle-platform netty-epoll netty-iouring netty-nio jdk-virtual jdk-platform
                            netty-nio-spindle nio-virtual nio-virtual-spindle jdk-virtual-agent jdk-platform-agent
                            jetty-jdk jetty-spindle tomcat-jdk tomcat-spindle
                            (not run by compare unless in --impls; *-agent: the jdk-* servers with -javaagent;
                            jetty-*, tomcat-*: unmodified Jetty 12 and Tomcat 11 on virtual threads, http only)
              udp-server --impl IMPL --port PORT
                      IMPL: spindle spindle-batch netty-epoll netty-epoll-mmsg netty-nio jdk-platform jdk-virtual (UDP echo)
              jvm-options --impl IMPL [--netty at-best|stock]
                      (the JVM options compare gives IMPL's server on this java, one per line)
              compare [--modes http,echo] [--conns 16,256,1000] [--rounds 3] [--seconds 3] [--warmup 1]
                      [--prime 25] [--prime-min 10] [--impls a,b,..] [--netty at-best|stock]
                      [--out DIR] [--size 64] [--loadgen auto|native]
              compare --mode udp [--flows 1,16,256] [--rounds 3] [--seconds 3] [--warmup 1] [--prime 15] [--prime-min 5]
                      [--impls a,b,..] [--size 64] [--window 8] [--timeout-ms 100] [--netty at-best|stock] [--quiet-wait 30] [--out DIR]
                      (UDP echo: datagrams/s, loss, speed-ups of batching; writes udp.md, udp.csv)
              udp-gso [--sizes 64,1200] [--segments 32] [--methods single,sendmmsg,gso,jdk-single] [--seconds 2]
                      [--warmup 0.5] [--rounds 3] [--out DIR]
                      (one thread sending to one peer: GSO vs sendmmsg vs one send per datagram; udp-gso.md/.csv)
              median  --runs DIR1,DIR2,.. [--pairs a:b,..] [--out FILE]
                      (medians over separate compare runs' compare.csv; pairs default to X-spindle:X)
              efficiency-median --runs DIR1,DIR2,.. [--rate-of netty-epoll] [--out FILE]
                      (one efficiency table over separate compare runs' efficiency.csv, every round of every run one round)
              costs   [--mode echo|http] [--conns 256] [--seconds 5] [--warmup 1] [--prime 15] [--impls a,b,..]
                      [--size 64] [--out DIR] [--trace true|false] [--profile]
                      (syscalls, epoll waits, context switches and CPU per request, one impl after another; perf)
              thesis  [--tasks 500] [--laps 500] [--warmup-laps 100] [--ring-seconds 2] [--ring-reps 5]
                      [--ring-max-seconds 20] [--ring-spread 10] [--spawns 1000] [--spawn-iterations 5]
                      [--spawn-seconds 3] [--mem-min 1000] [--mem-max 10000] [--mem-step 1000]
                      [--jdk-transport unix|tcp] [--variants a,b,..]
                      (unix: every variant on AF_UNIX pairs, Spindle's from socketpair; tcp: every variant on loopback TCP)
              files   [--seconds 5] [--rounds 3] [--conns 4]
                      (keep-alive HTTP file serving, 64 KiB and 16 MiB: Spindle sendFile, Spindle read+write, Netty
                      epoll DefaultFileRegion, JDK transferTo; a splice proxy against a copying one; MB/s, CPU per GB)
              jmh     [JMH options]   (e.g. jmh -l, jmh ReadWrite -f 1)""");
    }
}
