package dev.spindle.nio;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Run by {@link HttpClientProviderTest} in a JVM with Spindle installed as the provider: serves
 * HTTP from com.sun.net.httpserver and fetches it with java.net.http, both on the provider.
 */
public final class HttpClientChild {
    public static void main(String[] args) throws Exception {
        System.out.println("provider=" + SelectorProvider.provider().getClass().getName());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String expected = "hello " + "x".repeat(100_000);
        server.createContext("/hello", exchange -> {
            byte[] body = expected.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/hello");
            for (int i = 0; i < 3; i++) { // a reused connection, and the body arriving in many reads
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("status=" + r.statusCode() + " length=" + r.body().length() + " same=" + r.body().equals(expected));
            }
            System.out.println("done");
        } finally {
            server.stop(0);
        }
        System.exit(0); // HttpClient's selector thread is a daemon, but do not wait on anything
    }
}
