package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Spindle;
import dev.spindle.internal.Settings;
import dev.spindle.internal.sys.NativeLoader;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PackagingTest {
    @Test
    void nativeLibraryIsBundledAndLoads() {
        String resource = "/META-INF/native/" + NativeLoader.platform() + "/libspindle.so";
        assertNotNull(NativeLoader.class.getResource(resource), resource + " is on the class path");
        if ("false".equals(System.getProperty(Settings.NATIVE.name()))) {
            assertTrue(!Spindle.isAvailable(), "switched off");
            assertTrue(Spindle.unavailabilityCause().getMessage().contains(Settings.NATIVE.name()));
            return;
        }
        assertTrue(Spindle.isAvailable(), () -> "natives failed: " + Spindle.unavailabilityCause());
        assertNull(Spindle.unavailabilityCause());
    }

    @Test
    void moduleExportsOnlyThePublicApi() {
        ModuleDescriptor d = ModuleFinder.of(Path.of("target/classes")).find("dev.spindle").orElseThrow().descriptor();
        Set<String> exports = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.spindle", "dev.spindle.net", "dev.spindle.nio"), exports);
        // JDK modules only: jdk.net for jdk.net.ExtendedSocketOptions and UnixDomainPrincipal (SO_PEERCRED)
        assertEquals(Set.of("java.base", "jdk.net"), d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
