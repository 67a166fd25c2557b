package dev.spindle.internal.channel;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.util.Set;

/**
 * A socket's options: which it has, and their get and set. Each core holds one: the option
 * table's over an fd, a UDP socket's ({@link DatagramOptions}), or a JDK channel's.
 */
public interface SocketOptions {
    void set(SocketOption<?> name, Object value) throws IOException;

    <T> T get(SocketOption<T> name) throws IOException;

    Set<SocketOption<?>> supported();

    /** The {@link OptionTable} rows in {@code supported}, over the fd's getsockopt and setsockopt. */
    static SocketOptions of(SocketFd socket, Set<SocketOption<?>> supported) {
        return new SocketOptions() {
            @Override
            public void set(SocketOption<?> name, Object value) throws IOException {
                SocketAttributes.setOption(socket, supported, name, value);
            }

            @Override
            public <T> T get(SocketOption<T> name) throws IOException {
                return SocketAttributes.getOption(socket, supported, name);
            }

            @Override
            public Set<SocketOption<?>> supported() {
                return supported;
            }
        };
    }

    /** The JDK channel's own (Spindle's options need the native library), with Spindle's message for one it lacks. */
    static SocketOptions of(NetworkChannel channel) {
        return new SocketOptions() {
            @Override
            @SuppressWarnings("unchecked")
            public void set(SocketOption<?> name, Object value) throws IOException {
                SocketAttributes.checkSupported(channel.supportedOptions(), name);
                channel.setOption((SocketOption<Object>) name, value);
            }

            @Override
            public <T> T get(SocketOption<T> name) throws IOException {
                SocketAttributes.checkSupported(channel.supportedOptions(), name);
                return channel.getOption(name);
            }

            @Override
            public Set<SocketOption<?>> supported() {
                return channel.supportedOptions();
            }
        };
    }
}
