package dev.spindle.bench.harness;

import dev.spindle.bench.server.Impl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest {
    @Test
    void namesInOrderDefaultsAndAClearErrorForAnUnknownName() {
        Registry<Integer> r = new Registry<Integer>("thing").add("one", 1).add("two", 2, false).add("three", 3);
        assertEquals(List.of("one", "two", "three"), r.names());
        assertEquals(List.of("one", "three"), r.defaults());
        assertEquals(2, r.get("two"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("four"));
        assertEquals("unknown thing four; one of [one, two, three]", e.getMessage());
        assertThrows(IllegalStateException.class, () -> r.add("one", 9));
    }

    @Test
    void everyServerImplIsRegisteredByItsLabel() {
        for (Impl i : Impl.values()) assertSame(i, Impl.parse(i.label()));
        assertEquals(Impl.values().length, Impl.labels().size());
        assertTrue(Impl.defaults().contains("netty-epoll"));
        assertTrue(!Impl.defaults().contains("jdk-virtual-agent"), "opt-in impls are not defaults");
    }
}
