package dev.spindle.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses "--name value" options, rejecting names that are not allowed. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    public Args(String[] argv, Set<String> allowed) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < argv.length) {
                value = argv[++i];
            } else {
                throw new IllegalArgumentException("missing value for --" + name);
            }
            if (!allowed.contains(name)) throw new IllegalArgumentException("unknown option --" + name + "; known: " + allowed);
            values.put(name, value);
        }
    }

    public String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    public int integer(String name, int dflt) {
        String v = values.get(name);
        return v == null ? dflt : Integer.parseInt(v.replace("_", ""));
    }

    public double decimal(String name, double dflt) {
        String v = values.get(name);
        return v == null ? dflt : Double.parseDouble(v);
    }

    public List<String> list(String name, String dflt) {
        List<String> out = new ArrayList<>();
        for (String s : string(name, dflt).split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    public List<Integer> integers(String name, String dflt) {
        return list(name, dflt).stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }
}
