package dev.spindle.internal.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libspindle once: from {@value #PATH_PROPERTY} if set, else from
 * {@code java.library.path}, else extracted from the jar's {@code META-INF/native/<platform>/}
 * into {@value #WORKDIR_PROPERTY} (default {@code java.io.tmpdir}) and deleted once loaded.
 * A failure is recorded, not thrown, so {@code Spindle.isAvailable()} can report it.
 */
public final class NativeLoader {
    /** An explicit path to the library file. */
    public static final String PATH_PROPERTY = "dev.spindle.native.path";
    /** Where the bundled library is extracted. */
    public static final String WORKDIR_PROPERTY = "dev.spindle.native.workdir";
    /** {@code false} skips the native library: channels run on the JDK's NIO instead. */
    public static final String ENABLED_PROPERTY = "dev.spindle.native";

    private static final String LIBRARY = "spindle";
    private static boolean attempted;
    private static Throwable failure;

    private NativeLoader() {}

    /** Loads the library if not yet tried; never throws. */
    public static synchronized void load() {
        if (attempted) return;
        attempted = true;
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
            failure = new UnsupportedOperationException("the native transport is disabled by -D" + ENABLED_PROPERTY + "=false");
            return;
        }
        try {
            loadLibrary();
            // Load the error path now: when fds run out (EMFILE), class files cannot be opened.
            Class.forName(Errors.class.getName(), true, NativeLoader.class.getClassLoader());
            Class.forName(Errno.class.getName(), true, NativeLoader.class.getClassLoader());
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Why the library could not be loaded, or null if it is loaded. */
    public static synchronized Throwable failure() {
        load();
        return failure;
    }

    /** Throws a clear IOException if the library is not loaded. */
    public static void ensureAvailable() throws IOException {
        Throwable cause = failure();
        if (cause != null)
            throw new IOException("Spindle's native library is not available: " + cause.getMessage(), cause);
    }

    /** The jar's platform folder name, in os-maven-plugin style: linux-x86_64, osx-aarch_64. */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.replace(' ', '_');
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    private static void loadLibrary() throws IOException {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null) {
            System.load(Path.of(explicit).toAbsolutePath().toString());
            return;
        }
        String fileName = System.mapLibraryName(LIBRARY);
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, fileName))) {
                System.load(Path.of(dir, fileName).toAbsolutePath().toString());
                return;
            }
        }
        extractAndLoad("/META-INF/native/" + platform() + "/" + fileName);
    }

    private static void extractAndLoad(String resource) throws IOException {
        Path workdir = Path.of(System.getProperty(WORKDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IOException("no native library for platform " + platform() + " in the jar (" + resource + ")");
            // A private temp file per JVM: two JVMs extracting at once never share a half-written file.
            Path file = Files.createTempFile(Files.createDirectories(workdir), "libspindle-", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("could not load " + file + ": " + e.getMessage()
                        + " (if " + workdir + " is mounted noexec, set -D" + WORKDIR_PROPERTY + " to another directory)", e);
            } finally {
                Files.deleteIfExists(file); // the mapping stays valid after unlink
            }
        }
    }
}
