package org.asyncio4j.sync;

/** The shape of the primitives' {@code toString()}, asyncio's repr: {@code <Lock@1b6d3586 [locked, waiters:2]>}. */
final class Describe {
    private Describe() {}

    static String of(Object primitive, String state, int waiters) {
        String extra = waiters > 0 ? state + ", waiters:" + waiters : state;
        return "<" + primitive.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(primitive))
                + " [" + extra + "]>";
    }
}
