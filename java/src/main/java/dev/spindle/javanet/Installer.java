package dev.spindle.javanet;

import dev.spindle.Spindle.Hook;
import dev.spindle.internal.channel.Backend;
import dev.spindle.nio.SpindleSelectorProvider;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Installs Spindle behind java.nio's {@code SelectorProvider} and java.net's factories: the work
 * of {@code Spindle.install}. The JVM takes each factory once and has no way to read it back, so
 * this remembers which it set; a factory that other code set first is reported, never replaced.
 */
public final class Installer {
    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final String PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    private static final Set<Hook> INSTALLED = EnumSet.noneOf(Hook.class); // guarded by Installer.class

    private Installer() {}

    /** See {@code Spindle.install(Set)}. */
    public static synchronized Set<Hook> install(Set<Hook> wanted) {
        return Backend.CURRENT.select(() -> installNative(wanted), Installer::installNothing);
    }

    /** Without the native library: java.net and java.nio stay the JDK's, and say why. */
    private static Set<Hook> installNothing(Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "Spindle installed nothing, java.net and java.nio stay on the JDK's"
                + " implementation: the native library is unavailable (" + cause.getMessage() + ")");
        return EnumSet.noneOf(Hook.class);
    }

    private static Set<Hook> installNative(Set<Hook> wanted) {
        List<String> refused = new ArrayList<>();
        if (wanted.contains(Hook.SELECTOR_PROVIDER)) installProvider(refused);
        // Socket before ServerSocket: with Socket's factory foreign, Spindle's ServerSocket could only
        // accept into an impl it does not know, so neither is set.
        if (wanted.contains(Hook.SOCKET) || wanted.contains(Hook.SERVER_SOCKET)) {
            boolean socket = !wanted.contains(Hook.SOCKET) || setFactory(Hook.SOCKET, refused);
            if (socket && wanted.contains(Hook.SERVER_SOCKET)) setFactory(Hook.SERVER_SOCKET, refused);
        }
        if (wanted.contains(Hook.DATAGRAM_SOCKET)) setFactory(Hook.DATAGRAM_SOCKET, refused);
        Set<Hook> now = installed();
        if (!refused.isEmpty())
            throw new IllegalStateException("Spindle could not install all it was asked to (on Spindle now: " + now + "): "
                    + String.join("; ", refused));
        return now;
    }

    public static synchronized Set<Hook> installed() {
        Set<Hook> now = EnumSet.noneOf(Hook.class);
        now.addAll(INSTALLED);
        return now;
    }

    private static void installProvider(List<String> refused) {
        String set = System.getProperty(PROVIDER_PROPERTY);
        if (set == null) System.setProperty(PROVIDER_PROPERTY, SpindleSelectorProvider.class.getName());
        SelectorProvider provider = SelectorProvider.provider(); // decides it now, once per JVM
        if (provider instanceof SpindleSelectorProvider) {
            INSTALLED.add(Hook.SELECTOR_PROVIDER);
        } else {
            if (set == null) System.clearProperty(PROVIDER_PROPERTY);
            refused.add("SELECTOR_PROVIDER: the JVM's SelectorProvider is " + provider.getClass().getName()
                    + (set != null ? " (-D" + PROVIDER_PROPERTY + "=" + set + ")" : ", chosen before Spindle was installed")
                    + "; it is decided once per JVM");
        }
    }

    @SuppressWarnings("deprecation") // the factories are deprecated since JDK 17, and still honoured
    private static boolean setFactory(Hook hook, List<String> refused) {
        if (INSTALLED.contains(hook)) return true;
        try {
            switch (hook) {
                case SOCKET -> Socket.setSocketImplFactory(SpindleSockets.CLIENT);
                case SERVER_SOCKET -> ServerSocket.setSocketFactory(SpindleSockets.SERVER);
                case DATAGRAM_SOCKET -> java.net.DatagramSocket.setDatagramSocketImplFactory(SpindleSockets.DATAGRAM);
                default -> throw new IllegalArgumentException(hook.toString());
            }
        } catch (SocketException e) { // "factory already defined"
            refused.add(hook + ": other code already set " + factoryMethod(hook)
                    + " (the JVM takes one factory and cannot replace it), so those sockets stay on that factory");
            return false;
        } catch (java.io.IOException e) { // declared, never thrown by the JDK
            throw new java.io.UncheckedIOException(e);
        }
        INSTALLED.add(hook);
        return true;
    }

    private static String factoryMethod(Hook hook) {
        return switch (hook) {
            case SOCKET -> "Socket.setSocketImplFactory";
            case SERVER_SOCKET -> "ServerSocket.setSocketFactory";
            case DATAGRAM_SOCKET -> "DatagramSocket.setDatagramSocketImplFactory";
            default -> hook.toString();
        };
    }

    /** How many sockets Spindle's java.net impls have opened in this JVM; for tests and diagnostics. */
    public static long socketsOpened() {
        return SpindleSockets.openedCount();
    }
}
