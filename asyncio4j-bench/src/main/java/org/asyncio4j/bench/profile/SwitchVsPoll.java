package org.asyncio4j.bench.profile;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.Locale;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A profiling harness: the cost of one {@code Selector.selectNow()} on an empty selector (what every
 * loop iteration pays today even with no I/O registered) beside one suspend/resume pair of a bare
 * {@code jdk.internal.vm.Continuation} (the floor of a task switch). Needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 */
public final class SwitchVsPoll {
    private static final ContinuationScope SCOPE = new ContinuationScope("switch-vs-poll");

    private SwitchVsPoll() {}

    public static void main(String[] argv) throws IOException {
        int n = argv.length > 0 ? Integer.parseInt(argv[0]) : 2_000_000;
        try (Selector selector = Selector.open()) {
            Continuation c = new Continuation(SCOPE, () -> {
                while (true) {
                    Continuation.yield(SCOPE);
                }
            });
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    selector.selectNow();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    c.run();
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: selectNow %.0f ns, continuation run+yield %.0f ns%n", round,
                        (t1 - t0) / (double) n, (t2 - t1) / (double) n);
            }
        }
    }
}
