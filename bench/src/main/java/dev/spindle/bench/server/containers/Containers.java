package dev.spindle.bench.server.containers;

import dev.spindle.bench.server.HttpHandler;

import java.nio.channels.SelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;

/** What the container apps answer, and the check that a container listens on the JVM's provider. */
final class Containers {
    /** The body and type of {@link HttpHandler#RESPONSE}: the containers add the status line and Content-Length. */
    static final byte[] BODY = HttpHandler.BODY.getBytes(StandardCharsets.US_ASCII);
    static final String CONTENT_TYPE = "text/plain";

    private Containers() {}

    /**
     * Throws unless the container's listening channel comes from {@link SelectorProvider#provider()}
     * (which {@code ServerCommand} has already checked is the one the impl asked for): a container
     * that opened its channels some other way would measure the wrong provider.
     */
    static void checkChannel(String container, SelectableChannel listening) {
        SelectorProvider jvm = SelectorProvider.provider();
        if (listening.provider() != jvm) {
            throw new IllegalStateException(container + " listens on a " + listening.getClass().getName() + " from "
                    + listening.provider().getClass().getName() + ", not from the JVM's provider " + jvm.getClass().getName());
        }
    }
}
