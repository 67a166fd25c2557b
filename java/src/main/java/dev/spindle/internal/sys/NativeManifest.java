package dev.spindle.internal.sys;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.TreeSet;

/**
 * {@code META-INF/native/natives.properties}, written by the build: the version, and per platform
 * folder its library's {@code .sha256} and, for glibc builds, its {@code .glibc} floor.
 */
final class NativeManifest {
    private static final Properties PROPS = load();

    private NativeManifest() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = NativeManifest.class.getResourceAsStream("/META-INF/native/natives.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // no manifest: extraction still works, without the checksum check
        }
        return p;
    }

    static String get(String key) {
        return PROPS.getProperty(key);
    }

    static String version() {
        return PROPS.getProperty("version", "dev");
    }

    /** The platform folders the jar carries. */
    static Iterable<String> platforms() {
        TreeSet<String> names = new TreeSet<>();
        for (String key : PROPS.stringPropertyNames()) if (key.endsWith(".sha256")) names.add(key.substring(0, key.length() - 7));
        return names;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
