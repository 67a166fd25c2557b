package dev.spindle.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** compare leaves the http-only containers out of echo mode instead of starting servers that cannot serve it. */
class ServedModesTest {
    @Test
    void containersSitOutEcho() {
        List<String> impls = List.of("netty-epoll", "jetty-jdk", "tomcat-spindle");
        assertEquals(impls, CompareCommand.serving(impls, "http"));
        assertEquals(List.of("netty-epoll"), CompareCommand.serving(impls, "echo"));
        assertEquals(4, CompareCommand.skipUnserved(impls, List.of("http", "echo")));
    }

    @Test
    void nothingLeftToServeIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompareCommand.skipUnserved(List.of("jetty-jdk", "tomcat-jdk"), List.of("echo")));
        assertEquals("none of [jetty-jdk, tomcat-jdk] serves any of the modes [echo]", e.getMessage());
    }
}
