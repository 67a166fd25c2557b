package dev.spindle.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Names a command line accepts for one kind of thing (a server impl, a UDP impl, a thesis variant,
 * a sending method, a JMH pair), each with its entry, in the order added; some run by default.
 * Filled once, when its class initialises, then only read.
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, T> entries = new LinkedHashMap<>();
    private final List<String> defaults = new ArrayList<>();

    /** {@code kind} names the thing in errors: "unknown KIND NAME; one of [...]". */
    public Registry(String kind) {
        this.kind = kind;
    }

    /** Every value of an enum, by {@code name}, run by default where {@code byDefault} says so. */
    public static <E extends Enum<E>> Registry<E> of(String kind, E[] values, Function<E, String> name, Predicate<E> byDefault) {
        Registry<E> r = new Registry<>(kind);
        for (E e : values) r.add(name.apply(e), e, byDefault.test(e));
        return r;
    }

    /** Adds an entry that runs by default. */
    public Registry<T> add(String name, T entry) {
        return add(name, entry, true);
    }

    public Registry<T> add(String name, T entry, boolean byDefault) {
        if (entries.putIfAbsent(name, entry) != null) throw new IllegalStateException("two " + kind + "s named " + name);
        if (byDefault) defaults.add(name);
        return this;
    }

    /** The entry named {@code name}; an {@link IllegalArgumentException} naming the choices when there is none. */
    public T get(String name) {
        T entry = entries.get(name);
        if (entry == null) throw new IllegalArgumentException("unknown " + kind + " " + name + "; one of " + names());
        return entry;
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The names run when none are given. */
    public List<String> defaults() {
        return List.copyOf(defaults);
    }
}
