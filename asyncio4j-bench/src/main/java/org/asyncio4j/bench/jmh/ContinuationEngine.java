package org.asyncio4j.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link LoopBenchmarks} on the continuation engine ({@code jdk.internal.vm.Continuation}). */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xss16m",
        "-Dasyncio4j.engine=continuation"})
public class ContinuationEngine extends LoopBenchmarks {}
