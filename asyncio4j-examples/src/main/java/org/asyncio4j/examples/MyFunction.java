package org.asyncio4j.examples;

import static org.asyncio4j.Asyncio.run;
import static org.asyncio4j.Asyncio.sleep;

/** The lesson's "my_function awaited from main": a coroutine calling another and using its result. */
public final class MyFunction {
    private MyFunction() {}

    /** async def my_function(): await asyncio.sleep(1); return "Hello from my_function" */
    static String myFunction() {
        System.out.println("my_function: starting, sleeping 1 s");
        sleep(1);
        return "Hello from my_function";
    }

    public static void main(String[] args) {
        String result = run(() -> {
            System.out.println("main: awaiting my_function()");
            String r = ((org.asyncio4j.Coroutine<String>) MyFunction::myFunction).await();
            System.out.println("main: my_function returned: " + r);
            return r;
        });
        System.out.println("asyncio.run returned: " + result);
    }
}
