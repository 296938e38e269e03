package org.asyncio4j.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link LoopBenchmarks} on the portable engine (one virtual thread per task, strict hand-off). */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss16m", "-Dasyncio4j.engine=portable"})
public class PortableEngine extends LoopBenchmarks {}
