package org.asyncio4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of a workload program: {@code --key value} pairs (one or two leading dashes), as the
 * peers of the benchmark kit take them ({@code Spawn --n 100000}).
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args() {}

    /** Parses {@code argv}; {@code defaults} are alternating key, value pairs. */
    static Args parse(String[] argv, String... defaults) {
        Args a = new Args();
        for (int i = 0; i + 1 < defaults.length; i += 2) {
            a.values.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("-") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + argv[i] + "'");
            }
            String key = argv[i].replaceFirst("^-+", "");
            if (!a.values.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + " (known: " + a.values.keySet() + ")");
            }
            a.values.put(key, argv[++i]);
        }
        return a;
    }

    String string(String key) {
        return values.get(key);
    }

    int integer(String key) {
        String v = values.get(key);
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new IllegalArgumentException("--" + key + " must be positive, not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, not '" + v + "'");
        }
    }
}
