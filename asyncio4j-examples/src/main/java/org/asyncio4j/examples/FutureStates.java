package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

import org.asyncio4j.CancelledError;
import org.asyncio4j.Future;

/** The lesson's future states: pending, then done with a result; and a future that is cancelled. */
public final class FutureStates {
    private FutureStates() {}

    public static void main(String[] args) {
        run(() -> {
            Future<String> f = getRunningLoop().createFuture();
            System.out.println("new future:       " + f + " done=" + f.isDone());
            getRunningLoop().callLater(0.5, () -> f.setResult("the result"));
            System.out.println("awaiting it...");
            String r = f.await();
            System.out.println("after await:      " + f + " done=" + f.isDone() + " result=" + r);

            Future<String> g = getRunningLoop().createFuture();
            System.out.println("second future:    " + g + " cancelled=" + g.isCancelled());
            g.cancel("no longer needed");
            sleep(0);
            System.out.println("after cancel():   " + g + " done=" + g.isDone() + " cancelled=" + g.isCancelled());
            try {
                g.result();
            } catch (CancelledError e) {
                System.out.println("result() raises CancelledError: " + e.getMessage());
            }
            return null;
        });
    }
}
