package dev.spindle.internal.sys;

import dev.spindle.internal.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads libspindle once: from {@link Settings#NATIVE_PATH} if set, else from
 * {@code java.library.path}, else extracted from the jar's {@code META-INF/native/<platform>/}
 * into {@link Settings#NATIVE_WORKDIR} and deleted once loaded.
 * A failure is recorded, not thrown, so {@code Spindle.isAvailable()} can report it.
 */
public final class NativeLoader {
    private static final String LIBRARY = "spindle";
    private static boolean attempted;
    private static Throwable failure;

    private NativeLoader() {}

    /** Loads the library if not yet tried; never throws. */
    public static synchronized void load() {
        if (attempted) return;
        attempted = true;
        try {
            if (!Settings.NATIVE.isTrue()) {
                failure = new UnsupportedOperationException("the native transport is disabled by -D" + Settings.NATIVE.name() + "=false");
                return;
            }
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

    /** The jar's platform folder name, in os-maven-plugin style: linux-x86_64, osx-aarch_64. */
    public static String platform() {
        return Platform.folder();
    }

    private static void loadLibrary() throws IOException {
        String explicit = Settings.NATIVE_PATH.get();
        if (explicit != null) {
            Path file = Path.of(explicit).toAbsolutePath();
            try {
                System.load(file.toString());
            } catch (UnsatisfiedLinkError e) {
                throw new IOException(explain(e, file), e);
            }
            return;
        }
        String fileName = Platform.libraryFile();
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            Path file = dir.isEmpty() ? null : Path.of(dir, fileName).toAbsolutePath();
            if (file != null && Files.isRegularFile(file)) {
                try {
                    System.load(file.toString());
                } catch (UnsatisfiedLinkError e) {
                    throw new IOException(explain(e, file), e);
                }
                return;
            }
        }
        extractAndLoad(Platform.folder(), fileName);
    }

    /**
     * Extracts the bundled library to a file private to this JVM, named with the version and the
     * library's hash, loads it, and deletes it (the mapping outlives the name). Two JVMs never
     * share a half-written file, and a corrupt jar entry is caught by its recorded checksum.
     */
    private static void extractAndLoad(String folder, String fileName) throws IOException {
        String resource = "/META-INF/native/" + folder + "/" + fileName;
        byte[] library;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IOException("this jar has no native library for " + folder + " (it has: "
                        + String.join(", ", NativeManifest.platforms()) + "); the JDK fallback is used");
            library = in.readAllBytes();
        }
        String sha256 = NativeManifest.sha256(library);
        String expected = NativeManifest.get(folder + ".sha256");
        if (expected != null && !expected.equals(sha256))
            throw new IOException(resource + " is corrupt: sha256 " + sha256 + ", the build recorded " + expected);
        Path workdir = Path.of(Settings.NATIVE_WORKDIR.getOr(System.getProperty("java.io.tmpdir")));
        String stem = fileName.substring(0, fileName.indexOf('.'));
        Path file = Files.createTempFile(Files.createDirectories(workdir),
                stem + "-" + NativeManifest.version() + "-" + sha256.substring(0, 12) + "-", fileName.substring(stem.length()));
        try {
            Files.write(file, library);
            System.load(file.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new IOException(explain(e, file), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Says why a library would not load: a noexec mount, the wrong libc, or a glibc too old. */
    private static String explain(UnsatisfiedLinkError e, Path file) {
        String why = String.valueOf(e.getMessage());
        String glibcFloor = NativeManifest.get(Platform.folder() + ".glibc");
        if (Mounts.isNoexec(file.getParent()))
            return "cannot load " + file + ": " + file.getParent() + " is mounted noexec; set -D" + Settings.NATIVE_WORKDIR.name()
                    + " to a directory on an exec mount (" + why + ")";
        if (why.contains("GLIBC_"))
            return "cannot load " + file + ": this system's glibc is older than the library needs"
                    + (glibcFloor == null ? "" : " (glibc " + glibcFloor + " or newer)") + " (" + why + ")";
        if (why.contains("ld-linux") || why.contains("libc.so.6") || why.contains("musl"))
            return "cannot load " + file + ": it was built for another libc than this system's ("
                    + (Platform.isMusl() ? "musl" : "glibc") + ") (" + why + ")";
        return "cannot load " + file + ": " + why;
    }
}
