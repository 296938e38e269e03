package org.asyncio4j;

import java.time.Duration;
import java.util.Objects;

/** Conversions between {@link Duration} and asyncio's float seconds. */
final class Durations {
    private Durations() {}

    static double toSeconds(Duration d) {
        Objects.requireNonNull(d, "duration");
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
