package dev.spindle.bench.server;

/** What a benchmark server does with the bytes it reads. */
public enum Mode {
    ECHO, HTTP;

    public static Mode parse(String s) {
        return switch (s) {
            case "echo" -> ECHO;
            case "http" -> HTTP;
            default -> throw new IllegalArgumentException("unknown mode " + s + " (echo, http)");
        };
    }

    public String label() {
        return name().toLowerCase();
    }
}
