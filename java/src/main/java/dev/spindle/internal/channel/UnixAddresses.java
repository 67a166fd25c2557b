package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Platform;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The UNIX family's {@link AddressCodec}: a {@link UnixDomainSocketAddress}'s path as bytes in the
 * platform's file name encoding. An unnamed socket (socketpair, an unbound client) has the empty
 * path. Linux's abstract namespace (a name whose first byte is NUL) cannot be a path, since paths
 * reject NUL, so it reads as a path starting with {@value #ABSTRACT_PREFIX}, as in Go and
 * {@code ss(8)}; {@link #SPINDLE} also writes such paths as abstract names, {@link #FILES} (the
 * provider, which keeps the JDK's meaning) as files.
 */
public final class UnixAddresses implements AddressCodec {
    public static final char ABSTRACT_PREFIX = '@';
    /** Paths are files, as in the JDK's channels. */
    static final UnixAddresses FILES = new UnixAddresses(false);
    /** Paths starting with {@value #ABSTRACT_PREFIX} are abstract names on Linux, and an error elsewhere. */
    public static final UnixAddresses SPINDLE = new UnixAddresses(true);

    private static final Charset PATH_CHARSET = pathCharset();
    private static final boolean ABSTRACT_NAMESPACE = Platform.os().equals("linux");

    private final boolean abstractPrefix;

    private UnixAddresses(boolean abstractPrefix) {
        this.abstractPrefix = abstractPrefix;
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether {@code address} names Linux's abstract namespace for {@link #SPINDLE}. */
    public static boolean isAbstract(UnixDomainSocketAddress address) {
        String path = address.getPath().toString();
        return !path.isEmpty() && path.charAt(0) == ABSTRACT_PREFIX;
    }

    @Override
    public int family() {
        return NativeConstants.FAMILY_UNIX;
    }

    @Override
    public SocketAddress check(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof UnixDomainSocketAddress)) throw new UnsupportedAddressTypeException();
        return address;
    }

    @Override
    public SocketAddress anyLocal() {
        return null;
    }

    @Override
    public byte[] encode(SocketAddress checked) throws SocketException {
        UnixDomainSocketAddress address = (UnixDomainSocketAddress) checked;
        byte[] path = address.getPath().toString().getBytes(PATH_CHARSET);
        boolean named = abstractPrefix && isAbstract(address);
        if (named) {
            if (!ABSTRACT_NAMESPACE)
                throw new SocketException("the abstract namespace (" + address + ") exists on Linux only");
            path[0] = 0;
        }
        if (path.length == 0) throw new SocketException("an empty path names no UNIX socket");
        if (path.length > NativeConstants.ADDR_SIZE - 4)
            throw new SocketException("UNIX socket path too long (" + path.length + " bytes): " + address);
        byte[] out = new byte[NativeConstants.ADDR_SIZE];
        out[0] = (byte) NativeConstants.FAMILY_UNIX;
        out[2] = (byte) (path.length >>> 8);
        out[3] = (byte) path.length;
        System.arraycopy(path, 0, out, 4, path.length);
        return out;
    }

    @Override
    public SocketAddress decode(byte[] in) {
        int length = (in[2] & 0xff) << 8 | in[3] & 0xff;
        if (length > 0 && in[4] == 0) // abstract: the prefix stands for the NUL byte
            return UnixDomainSocketAddress.of(ABSTRACT_PREFIX + new String(in, 5, length - 1, PATH_CHARSET));
        return UnixDomainSocketAddress.of(new String(in, 4, length, PATH_CHARSET));
    }

    @Override
    public SocketAddress boundOrNull(SocketAddress local) {
        return local;
    }

    @Override
    public SocketAddress connectTarget(SocketAddress checked) {
        return checked;
    }

    @Override
    public Set<SocketOption<?>> streamOptions() {
        return OptionTable.supported(OptionTable.Kind.UNIX);
    }

    @Override
    public Set<SocketOption<?>> listenerOptions() {
        return OptionTable.supported(OptionTable.Kind.UNIX_LISTENER);
    }

    @Override
    public boolean shortReadDrains() {
        return false;
    }
}
