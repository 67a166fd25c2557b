package dev.spindle.javanet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.net.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real servers and their Java clients, unmodified, the clients on the agent: redis-server with
 * Jedis, PostgreSQL with pgjdbc. Each test starts its server on a free loopback port (from Debian's
 * packages, which ci/install-test-servers.sh installs) and stops it; the child JVM reports how many
 * sockets Spindle's impls opened, so a client that bypassed them would fail the test.
 */
@Tag("javanet-agent")
class JavaNetServersTest {
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, Process server) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - end < 0) {
            if (!server.isAlive()) throw new AssertionError("the server exited with " + server.exitValue());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the server did not listen on " + port + " within 30 s");
    }

    static ChildJvm.Result runOnAgent(String... args) throws Exception {
        List<String> options = List.of("--add-opens", "java.base/java.net=ALL-UNNAMED", JavaNetAgentTest.agent(null));
        try (ChildJvm child = ChildJvm.start(options, ServerPrograms.class, args)) {
            ChildJvm.Result r = child.await(Duration.ofSeconds(60), Duration.ofSeconds(180));
            assertEquals(0, r.exitCode(), "child " + r.why() + ":\n" + r.output());
            return r;
        }
    }

    @Test
    void jedisAgainstRedisServer() throws Exception {
        int port = freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitPort(port, redis);
            ChildJvm.Result r = runOnAgent("redis", Integer.toString(port));
            assertEquals("2000", r.last("redisOk="));
            assertEquals("1000", r.last("redisPipelined="));
            assertEquals("true", r.last("redisBigOk="));
            assertEquals("2002", r.last("redisKeys="));
            assertTrue(Long.parseLong(r.last("socketsOpened=")) >= 5, "Jedis's 5 connections were Spindle's: " + r.output());
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pgjdbcAgainstPostgres() throws Exception {
        Path bin = postgresBin();
        Path dir = Files.createTempDirectory("spindle-pg");
        Path data = dir.resolve("data");
        int port = freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) { // initdb and postgres refuse to run as root: the server runs as nobody
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectory(data);
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(data, nobody);
        }
        try {
            run(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "spindle",
                    "--no-sync", "-E", "UTF8");
            run(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("log").toString(),
                    "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "60", "start");
            ChildJvm.Result r = runOnAgent("jdbc", "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=spindle");
            assertEquals("2000", r.last("jdbcRows="));
            assertEquals(Long.toString(1999L * 2000 / 2), r.last("jdbcSum="));
            assertTrue(Long.parseLong(r.last("jdbcAggLength=")) > 10_000);
            assertTrue(Long.parseLong(r.last("socketsOpened=")) >= 1, "pgjdbc's connection was Spindle's: " + r.output());
        } finally {
            try {
                run(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    static Path postgresBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError("no PostgreSQL under /usr/lib/postgresql: run ci/install-test-servers.sh"));
        }
    }

    static void run(boolean asNobody, String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asNobody) full.addAll(List.of("runuser", "-u", "nobody", "--"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", full) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", full) + ":\n" + out);
    }
}
