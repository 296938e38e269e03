package org.asyncio4j;

/** Something the loop's ready queue runs: a callback {@link Handle} or a task's next step. */
abstract class ReadyItem {
    /** Runs this item on the loop's thread; never throws except for fatal errors. */
    abstract void runReady();

    /** Whether the item was cancelled and must be skipped. */
    boolean isCancelledItem() {
        return false;
    }
}
