/**
 * asyncio4j: Python's asyncio programming model on Java 25.
 *
 * <p>The JVM flag {@code --add-exports java.base/jdk.internal.vm=org.asyncio4j} (on the module path)
 * enables the fast continuation engine; without it a portable engine on virtual threads is used.
 */
module org.asyncio4j {
    requires java.management; // debug mode: monitors held at a suspension point (internal.engine.HeldMonitors)

    exports org.asyncio4j;
    exports org.asyncio4j.testing;
    exports org.asyncio4j.sync;
    exports org.asyncio4j.queues;
    exports org.asyncio4j.transports;
    exports org.asyncio4j.streams;
}
