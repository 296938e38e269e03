package org.asyncio4j.internal.engine;

import java.lang.System.Logger.Level;

/**
 * Chooses the engine once per JVM: the continuation engine when {@code jdk.internal.vm} is exported to
 * this library, else the portable one (with a single warning that names the flag). The system property
 * {@code asyncio4j.engine} forces a choice: {@code continuation}, {@code portable} or {@code auto}.
 */
public final class Engines {
    /** The JVM flag the continuation engine needs when the library is on the class path. */
    public static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    private static final Engine ENGINE = choose();

    private Engines() {}

    /** The engine of this JVM. */
    public static Engine get() {
        return ENGINE;
    }

    /** Whether the continuation engine can be used in this JVM. */
    public static boolean continuationsAvailable() {
        return Object.class.getModule().isExported("jdk.internal.vm", Engines.class.getModule());
    }

    private static Engine choose() {
        String wanted = System.getProperty("asyncio4j.engine", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        boolean available = continuationsAvailable();
        switch (wanted) {
            case "portable":
                return new PortableEngine();
            case "continuation":
                if (!available) {
                    throw new IllegalStateException("asyncio4j.engine=continuation needs the JVM flag " + FLAG
                            + " (or =org.asyncio4j when asyncio4j is on the module path)");
                }
                return new ContinuationEngine();
            case "auto":
            case "":
                if (available) {
                    return new ContinuationEngine();
                }
                System.getLogger("org.asyncio4j").log(Level.WARNING,
                        "asyncio4j: the fast continuation engine needs the JVM flag " + FLAG
                                + " (or =org.asyncio4j on the module path); running on the slower portable"
                                + " engine (one virtual thread per task)");
                return new PortableEngine();
            default:
                throw new IllegalArgumentException("asyncio4j.engine must be auto, continuation or portable, not '"
                        + wanted + "'");
        }
    }
}
