package dev.spindle.javanet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.net.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spindle's jar as a {@code -javaagent}, and unmodified programs on it, each in a child JVM (the
 * JVM's factories are once per process). Runs in the javanet-agent execution, after the jar is
 * built; {@code spindle.jar} names it.
 */
@Tag("javanet-agent")
class JavaNetAgentTest {
    static final String ALL_HOOKS = "[SELECTOR_PROVIDER, SOCKET, SERVER_SOCKET, DATAGRAM_SOCKET]";
    static final String SPINDLE_IMPL = "dev.spindle.javanet.SpindleSocketImpl";

    static Path jar() {
        String jar = System.getProperty("spindle.jar");
        assertNotNull(jar, "spindle.jar is not set: run the javanet-agent execution (mvn verify)");
        assertTrue(Files.isRegularFile(Path.of(jar)), jar + " does not exist");
        return Path.of(jar);
    }

    static ChildJvm.Result run(List<String> jvmOptions, String... args) throws Exception {
        List<String> options = new ArrayList<>(List.of("--add-opens", "java.base/java.net=ALL-UNNAMED"));
        options.addAll(jvmOptions);
        try (ChildJvm child = ChildJvm.start(options, AgentPrograms.class, args)) {
            ChildJvm.Result r = child.await(Duration.ofSeconds(60), Duration.ofSeconds(120));
            assertEquals(0, r.exitCode(), "child " + r.why() + ":\n" + r.output());
            assertEquals("done", r.lines().get(r.lines().size() - 1), r.output());
            return r;
        }
    }

    static String agent(String args) {
        return "-javaagent:" + jar() + (args == null ? "" : "=" + args);
    }

    @Test
    void theAgentInstallsEverythingBeforeMain() throws Exception {
        ChildJvm.Result r = run(List.of(agent(null)), "probe");
        assertEquals("ping", r.last("echo="));
        assertEquals(ALL_HOOKS, r.last("hooks="));
        assertEquals(SPINDLE_IMPL, r.last("serverImpl="));
        assertEquals(SPINDLE_IMPL, r.last("clientImpl="));
        assertEquals(SPINDLE_IMPL, r.last("acceptedImpl="));
        assertEquals("dev.spindle.nio.SpindleSelectorProvider", r.last("provider="));
        assertEquals("3", r.last("opened="));
    }

    @Test
    void agentArgumentsChooseHooksAndSetProperties() throws Exception {
        ChildJvm.Result r = run(List.of(agent("hooks=provider,verbose,dev.spindle.test.marker=set")), "probe");
        assertTrue(r.output().contains("[spindle] agent: on Spindle: [SELECTOR_PROVIDER]"), r.output());
        assertEquals("[SELECTOR_PROVIDER]", r.last("hooks="));
        assertFalse(r.last("clientImpl=").startsWith("dev.spindle"), r.output());
        assertEquals("0", r.last("opened="));
    }

    @Test
    void withoutNativesTheAgentInstallsNothingAndSaysWhyInOneLine() throws Exception {
        ChildJvm.Result r = run(List.of("-Ddev.spindle.native=false", agent(null)), "probe");
        assertEquals("[]", r.last("hooks="));
        assertFalse(r.last("clientImpl=").startsWith("dev.spindle"));
        long lines = r.lines().stream().filter(l -> l.contains("Spindle installed nothing")).count();
        assertEquals(1, lines, r.output());
    }

    @Test
    void aFactorySetByOtherCodeIsReportedAndNotReplaced() throws Exception {
        ChildJvm.Result r = run(List.of(), "foreign");
        String refused = r.last("install=refused: ");
        assertNotNull(refused, r.output());
        assertTrue(refused.contains("Socket.setSocketImplFactory"), refused);
        // a ServerSocket would accept into the other factory's impl: left alone too
        assertEquals("[SELECTOR_PROVIDER, DATAGRAM_SOCKET]", r.last("hooks="));
    }

    @Test
    void installingTwiceIsHarmless() throws Exception {
        ChildJvm.Result r = run(List.of(), "twice");
        assertEquals(ALL_HOOKS, r.last("first="));
        assertEquals(ALL_HOOKS, r.last("second="));
    }

    @Test
    void onAJvmOlderThan21TheAgentSaysWhyAndTheProgramRuns() throws Exception {
        Path old = olderJava();
        assumeTrue(old != null, "no JDK older than 21 under /usr/lib/jvm");
        Process p = new ProcessBuilder(old.toString(), agent(null), "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("the Spindle agent needs Java 21 or newer"), out);
    }

    @Test
    void httpUrlConnectionAgainstTheJdkHttpServer() throws Exception {
        ChildJvm.Result r = run(List.of(agent(null)), "http", "20");
        assertEquals("20", r.last("httpOk="));
        assertTrue(Integer.parseInt(r.last("httpSocketsOpened=")) >= 20, "each request's connection is Spindle's: " + r.output());
        assertEquals("dev.spindle.nio.SpindleSelectorProvider", r.last("provider="), "the HttpServer's channels are Spindle's");
    }

    @Test
    void tls13EchoThroughTheJdkSslSocketFactories(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("keystore.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "echo", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, out);
        List<String> ssl = List.of("-Djavax.net.ssl.keyStore=" + store, "-Djavax.net.ssl.keyStorePassword=changeit",
                "-Djavax.net.ssl.keyStoreType=PKCS12", "-Djavax.net.ssl.trustStore=" + store,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12", agent(null));
        ChildJvm.Result r = run(ssl, "tls");
        assertEquals("TLSv1.3", r.last("tlsProtocol="));
        assertEquals("true", r.last("tlsEchoOk="));
        assertEquals(SPINDLE_IMPL, r.last("tlsClientImpl="));
        assertEquals(SPINDLE_IMPL, r.last("tlsServerImpl="));
        assertEquals(SPINDLE_IMPL, r.last("tlsAcceptedImpl="));
    }

    /** A java older than 21 on this machine, if any (Debian's default JDK 17 here). */
    static Path olderJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (var dirs = Files.list(jvms)) {
            for (Path d : dirs.sorted().toList()) {
                Path java = d.resolve("bin/java");
                Path release = d.resolve("release");
                if (!Files.isExecutable(java) || !Files.isRegularFile(release)) continue;
                String version = Files.readString(release).lines().filter(l -> l.startsWith("JAVA_VERSION="))
                        .findFirst().orElse("").replaceAll("[^0-9.]", "");
                String major = version.startsWith("1.") ? version.substring(2).split("\\.")[0] : version.split("\\.")[0];
                if (!major.isEmpty() && Integer.parseInt(major) < 21) return java;
            }
        }
        return null;
    }
}
