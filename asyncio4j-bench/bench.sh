#!/usr/bin/env bash
# asyncio4j-bench/bench.sh - what `./asyncio4j bench` runs. See `./asyncio4j bench --help`.
#
# Builds the bench module (Maven, with the JDK in JAVA_HOME), then either runs asyncio4j's own workload
# programs (default), runs them side by side with the peers through the benchmark kit (--with-peers),
# or runs the JMH micro-benchmarks (--jmh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JOPTS="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Xss16m"
TASK_WORKLOADS="spawn spawn_1m pingpong_queue pingpong_future timers memory"

usage() {
    cat <<'USAGE'
usage: ./asyncio4j bench [options]                 asyncio4j's workloads on its own (both engines)
       ./asyncio4j bench --with-peers [options]    side by side with the peers, through ../shared/bench
       ./asyncio4j bench --jmh [JMH options]       the JMH micro-benchmarks (e.g. -prof gc, or a regex)
       ./asyncio4j bench --install-peers           install what the peers need (Debian), report the rest
       ./asyncio4j bench --report docs/bench/raw/<run>   redo the results page and chart of a --with-peers run
       ./asyncio4j bench --tool CLASS [args]       a profiling harness of the bench module, with the engine
                                                   flag: profile.SteadyState spawn|pingpong|timers ROUNDS N,
                                                   profile.TaskFootprint N WARM, profile.SwitchVsPoll

options:
  --engine continuation|portable|both   engine(s) of asyncio4j's runs [both; with --with-peers: continuation]
                                        (with --with-peers, "both" adds a separate pass of our own runner
                                        for the portable engine after the kit's run)
  --workloads "spawn pingpong_future ..."  workloads to run [spawn spawn_1m pingpong_queue pingpong_future
                                        timers memory, plus echo echo_tput where the EchoServer exists]
  --runs N        runs per figure (fresh JVM each, interleaved; medians) [$RUNS or 3]
  --quick         1 run, no spawn_1m and no echo (own runs); short JMH iterations (--jmh)

Our own echo runs use the kit's load generator (compiled from $ASYNCIO4J_PEER_KIT/loadgen into target/)
and the kit's echo knobs: ECHO_RUNS, ECHO_CONNS, ECHO_WARMUP, ECHO_DURATION.
  --out DIR       where raw lines and summaries go [docs/bench/raw/<timestamp>-...]
  -h, --help      this text

--with-peers runs the kit's run-peers.sh ($ASYNCIO4J_PEER_KIT, default ../shared/bench next to the repo)
with JASYNCIO_CP/JASYNCIO_JAVA_OPTS/JASYNCIO_PKG set, so asyncio4j runs interleaved with the peers. The
kit's knobs are honoured: PEERS, WORKLOADS, RUNS, ECHO_RUNS, ECHO_CONNS, ECHO_WARMUP, ECHO_DURATION,
SKIP_BUILD, JAVA25_HOME, PY_PYENV, PY_DEBIAN, TASK_WORKLOADS, OUT_DIR. Peers that are not installed are
reported and left out. It then writes docs/bench/results-<date>.md and docs/bench/results-<date>.png.
USAGE
}

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "# bench: $*" >&2; }

# ------------------------------------------------------------------ arguments
MODE=own
ENGINE=""
WL_ARG=""
QUICK=0
OUT_ARG=""
RUNS_ARG=""
JMH_ARGS=()
TOOL_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --with-peers) MODE=peers ;;
        --jmh) MODE=jmh; shift; JMH_ARGS=("$@"); break ;;
        --tool) MODE=tool; shift; [ $# -ge 1 ] || die "--tool needs a class (e.g. profile.SteadyState)"; TOOL_ARGS=("$@"); break ;;
        --install-peers) MODE=install ;;
        --report) MODE=report; OUT_ARG="${2:?--report needs a directory}"; shift ;;
        --engine) ENGINE="${2:?--engine needs a value}"; shift ;;
        --engine=*) ENGINE="${1#*=}" ;;
        --workloads) WL_ARG="${2:?--workloads needs a value}"; shift ;;
        --workloads=*) WL_ARG="${1#*=}" ;;
        --runs) RUNS_ARG="${2:?--runs needs a value}"; shift ;;
        --runs=*) RUNS_ARG="${1#*=}" ;;
        --quick) QUICK=1 ;;
        --out) OUT_ARG="${2:?--out needs a value}"; shift ;;
        -h|--help|help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
    shift
done
case "${ENGINE:-}" in ""|continuation|portable|both) ;; *) die "--engine must be continuation, portable or both, not '$ENGINE'" ;; esac

# ------------------------------------------------------------------ JDK and build
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -x "$JAVA_HOME/bin/java" ] || die "no JDK: set JAVA_HOME to a JDK 25 (./asyncio4j bench does that for you)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
feature="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)"
[ "${feature:-0}" -ge 25 ] 2>/dev/null || die "JAVA_HOME=$JAVA_HOME is Java ${feature:-?}; asyncio4j needs 25 or newer"

install_peers() {
    log "installing the peers' Debian packages (uvloop for /usr/bin/python3)"
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq python3-uvloop
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq python3-uvloop
    fi
    local tool
    for tool in gcc node mvn python3.11; do
        if command -v "$tool" >/dev/null 2>&1; then
            log "found $tool: $(command -v "$tool")"
        else
            log "MISSING $tool: install it (gcc: apt-get install gcc; node: Node.js 20 from nodejs.org or the" \
                "distribution; mvn: apt-get install maven; python3.11: pyenv or the distribution)"
        fi
    done
    log "Netty is fetched from Maven Central by the kit's own build (peers/netty, mvn package) on first use"
}
if [ "$MODE" = install ]; then install_peers; exit 0; fi

build() {
    local stamp="$HERE/target/.bench-built"
    if [ -f "$stamp" ] && [ -f "$HERE/target/classpath.txt" ] && [ -z "$(find "$ROOT" -path "$ROOT/.git" -prune -o \
            -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$stamp" -print -quit)" ]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "Maven is needed to build the benchmarks (apt-get install maven)"
    log "building asyncio4j-bench (mvn package, JAVA_HOME=$JAVA_HOME)"
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl asyncio4j-bench -am) >&2 || die "build failed"
    touch "$stamp"
}
build
CP="$HERE/target/classes:$(cat "$HERE/target/classpath.txt")"
tool() { "$JAVA" -cp "$CP" "org.asyncio4j.bench.report.$@"; }
STAMP="$(date +%Y%m%d-%H%M%S)"

# Which workloads asyncio4j has programs for (echo needs the EchoServer, which comes with networking).
our_workloads() {
    local w="$TASK_WORKLOADS"
    [ -f "$HERE/target/classes/org/asyncio4j/bench/EchoServer.class" ] && w="$w echo echo_tput"
    echo "$w"
}

# ------------------------------------------------------------------ profiling harnesses
if [ "$MODE" = tool ]; then
    exec "$JAVA" $JOPTS -cp "$CP" "org.asyncio4j.bench.${TOOL_ARGS[0]}" "${TOOL_ARGS[@]:1}"
fi

# ------------------------------------------------------------------ JMH
if [ "$MODE" = jmh ]; then
    out="${OUT_ARG:-$ROOT/docs/bench/raw/$STAMP-jmh}"
    mkdir -p "$out"
    quick=()
    [ "$QUICK" = 1 ] && quick=(-wi 1 -i 2 -w 500ms -r 500ms)
    log "JMH micro-benchmarks; output also in $out/jmh.txt"
    "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${quick[@]}" "${JMH_ARGS[@]}" 2>&1 | tee "$out/jmh.txt"
    exit "${PIPESTATUS[0]}"
fi

RUNS="${RUNS_ARG:-${RUNS:-3}}"
[ "$QUICK" = 1 ] && [ -z "$RUNS_ARG" ] && RUNS=1

# ------------------------------------------------------------------ our own runs
KIT="${ASYNCIO4J_PEER_KIT:-$ROOT/../shared/bench}"
LOADGEN=""
build_loadgen() {  # the kit's C load generator, compiled into target/ (echo workloads of our own runs)
    local src="$KIT/loadgen/echo_load.c"
    if [ ! -f "$src" ]; then log "no load generator at $src (ASYNCIO4J_PEER_KIT): echo workloads skipped"; return; fi
    command -v gcc >/dev/null 2>&1 || { log "no gcc to build the load generator: echo workloads skipped"; return; }
    if [ ! -x "$HERE/target/echo_load" ] || [ "$src" -nt "$HERE/target/echo_load" ]; then
        gcc -O2 -Wall -o "$HERE/target/echo_load" "$src" || { log "load generator build failed"; return; }
    fi
    LOADGEN="$HERE/target/echo_load"
}

run_own() {  # engines workloads out
    local lg=()
    case " $2 " in *" echo "*|*" echo_tput "*) build_loadgen; [ -n "$LOADGEN" ] && lg=(--loadgen "$LOADGEN") ;; esac
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    tool WorkloadRunner --java "$JAVA" --cp "$CP" --jvm-opts "$JOPTS" --engines "$1" --workloads "$2" \
        --runs "$RUNS" --out "$3" --timeout "${TASK_TIMEOUT:-300}" "${lg[@]}" --echo-runs "${ECHO_RUNS:-3}" \
        --echo-conns "${ECHO_CONNS:-1 100 1000}" --echo-warmup "${ECHO_WARMUP:-2}" --echo-duration "${ECHO_DURATION:-10}"
}

if [ "$MODE" = own ]; then
    engines="${ENGINE:-both}"
    [ "$engines" = both ] && engines="continuation,portable"
    wl="${WL_ARG:-$(our_workloads)}"
    [ "$QUICK" = 1 ] && [ -z "$WL_ARG" ] && wl="$(echo "$wl" | sed 's/spawn_1m//; s/echo_tput//; s/echo//')"
    out="${OUT_ARG:-$ROOT/docs/bench/raw/$STAMP-asyncio4j}"
    log "asyncio4j workloads [$wl] on [$engines], $RUNS run(s) each; raw lines in $out"
    run_own "$engines" "$wl" "$out"
    tool ResultsTable --title "asyncio4j on its own ($STAMP)" --out "$out/results.md" "$out/summary.txt"
    log "table: $out/results.md"
    exit 0
fi

# ------------------------------------------------------------------ results page and chart
# make_report RAW_DIR: docs/bench/results-<start of the run>.md and .png from the run's summaries
# (the kit's summary.txt, plus asyncio4j-portable/summary.txt of --engine both) and its notes.md.
make_report() {
    local dir="$1" stamp name base summaries=()
    [ -f "$dir/summary.txt" ] || die "no summary.txt in $dir"
    summaries=("$dir/summary.txt")
    [ -f "$dir/asyncio4j-portable/summary.txt" ] && summaries+=("$dir/asyncio4j-portable/summary.txt")
    stamp="$(basename "$dir" | sed -n 's/^\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)-\([0-9]\{4\}\).*/\1-\2-\3-\4/p')"
    [ -n "$stamp" ] || stamp="$(date +%Y-%m-%d-%H%M)"
    name="results-$stamp"
    base="$ROOT/docs/bench/$name"
    mkdir -p "$ROOT/docs/bench"
    local title="asyncio4j vs peers, ${stamp:0:10} ${stamp:11:2}:${stamp:13:2} UTC"
    tool ResultsTable --title "$title" --notes "$dir/notes.md" --out "$base.md" "${summaries[@]}"
    tool RatioChart --title "$title: advantage per peer (medians)" --out "$base.png" "${summaries[@]}"
    log "results: $base.md"
    log "chart:   $base.png"
}

if [ "$MODE" = report ]; then
    [ -n "$OUT_ARG" ] || die "--report needs the run's directory: ./asyncio4j bench --report docs/bench/raw/<run>"
    make_report "$(cd "$OUT_ARG" && pwd)"
    exit 0
fi

# ------------------------------------------------------------------ side by side with the peers
[ -x "$KIT/run-peers.sh" ] || [ -f "$KIT/run-peers.sh" ] || die "no benchmark kit at $KIT (set ASYNCIO4J_PEER_KIT)"
KIT="$(cd "$KIT" && pwd)"
# run-peers.sh builds into its own directory (build/, peers/netty/target/); the kit is read-only, so it
# runs from a copy under target/ (refreshed every time, keeping the copy's build output for SKIP_BUILD=1).
COPY="$HERE/target/peer-kit"
mkdir -p "$COPY"
for item in "$KIT"/* "$KIT"/.gitignore; do
    [ -e "$item" ] || continue
    case "$(basename "$item")" in results|build) continue ;; esac
    cp -r "$item" "$COPY/"
done
chmod -R u+w "$COPY"
# asyncio4j has a streams and a protocol echo server: give the java-asyncio slot both variants, the
# extension peers/java-asyncio/README.md asks for ("add a second echo variant in echo_apis/echo_cmd"),
# applied to the working copy only. If the kit's lines changed, the slot keeps its single "default" run
# (our EchoServer's default is the streams API).
if grep -q 'java-vthreads|java-vthreads-p1|java-asyncio) echo "default" ;;' "$COPY/run-peers.sh"; then
    sed -i -e 's/java-vthreads|java-vthreads-p1|java-asyncio) echo "default" ;;/java-vthreads|java-vthreads-p1) echo "default" ;;\n    java-asyncio) echo "streams protocol" ;;/' \
        -e 's/"${JASYNCIO_PKG:-bench.asyncio.}EchoServer")/"${JASYNCIO_PKG:-bench.asyncio.}EchoServer" --api "$api")/' \
        "$COPY/run-peers.sh"
else
    log "the kit's echo_apis changed: asyncio4j runs its default (streams) echo server only"
fi

ENGINE="${ENGINE:-continuation}"
KIT_ENGINE="$ENGINE"
[ "$ENGINE" = both ] && KIT_ENGINE=continuation

PY_DEBIAN="${PY_DEBIAN:-/usr/bin/python3}"
PY_PYENV="${PY_PYENV:-$(python3.11 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3 || true)}"
peer_missing() {  # prints why a peer cannot run here, or nothing
    case "$1" in
        asyncio-pyenv) [ -n "$PY_PYENV" ] && [ -x "$PY_PYENV" ] || echo "no python3.11 on PATH (PY_PYENV)" ;;
        asyncio-debian) [ -x "$PY_DEBIAN" ] || echo "no $PY_DEBIAN (PY_DEBIAN)" ;;
        uvloop) "$PY_DEBIAN" -c 'import uvloop' 2>/dev/null || echo "uvloop not importable by $PY_DEBIAN (./asyncio4j bench --install-peers: apt-get install python3-uvloop)" ;;
        node) command -v node >/dev/null 2>&1 || echo "no node on PATH (Node.js 20)" ;;
        java-vthreads|java-vthreads-p1) [ -x "${JAVA25_HOME:-$JAVA_HOME}/bin/javac" ] || echo "no javac in JAVA25_HOME" ;;
        netty-nio|netty-epoll) command -v mvn >/dev/null 2>&1 || echo "no mvn to build the Netty peer" ;;
        java-asyncio) ;;
        *) echo "unknown peer" ;;
    esac
}
ALL_PEERS="asyncio-pyenv asyncio-debian uvloop node java-vthreads java-vthreads-p1 netty-nio netty-epoll"
wanted="${PEERS:-$ALL_PEERS}"
case " $wanted " in *" java-asyncio "*) ;; *) wanted="$wanted java-asyncio" ;; esac
PEERS_OK=""
for p in $wanted; do
    why="$(peer_missing "$p")"
    if [ -n "$why" ]; then log "SKIPPING peer $p: $why"; else PEERS_OK="$PEERS_OK $p"; fi
done
PEERS_OK="${PEERS_OK# }"

out="${OUT_DIR:-${OUT_ARG:-$ROOT/docs/bench/raw/$STAMP-peers}}"
mkdir -p "$out"
WORKLOADS="${WL_ARG:-${WORKLOADS:-spawn spawn_1m spawn_microtask pingpong_queue pingpong_future timers memory echo echo_tput}}"
log "kit: $KIT (running from $COPY)"
log "peers: $PEERS_OK"
log "workloads: $WORKLOADS; RUNS=$RUNS ECHO_RUNS=${ECHO_RUNS:-3}; asyncio4j engine: $KIT_ENGINE"
log "raw lines and summary: $out"
{
    echo "command=./asyncio4j bench --with-peers (engine $ENGINE)"
    echo "PEERS=$PEERS_OK"
    echo "WORKLOADS=$WORKLOADS"
    echo "RUNS=$RUNS ECHO_RUNS=${ECHO_RUNS:-3} ECHO_CONNS=${ECHO_CONNS:-1 100 1000} ECHO_WARMUP=${ECHO_WARMUP:-2} ECHO_DURATION=${ECHO_DURATION:-10}"
    echo "JASYNCIO_JAVA_OPTS=$JOPTS -Dasyncio4j.engine=$KIT_ENGINE"
    echo "asyncio4j_commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
} > "$out/bench-run.txt"

JASYNCIO_CP="$CP" JASYNCIO_JAVA_OPTS="$JOPTS -Dasyncio4j.engine=$KIT_ENGINE" JASYNCIO_PKG="org.asyncio4j.bench." \
    PEERS="$PEERS_OK" WORKLOADS="$WORKLOADS" RUNS="$RUNS" OUT_DIR="$out" JAVA25_HOME="${JAVA25_HOME:-$JAVA_HOME}" \
    PY_DEBIAN="$PY_DEBIAN" PY_PYENV="$PY_PYENV" \
    "$COPY/run-peers.sh" > "$out/summary.stdout" || die "run-peers.sh failed (see $out)"

summaries=("$out/summary.txt")
if [ "$ENGINE" = both ]; then
    own_wl=""
    for w in $WORKLOADS; do case " $TASK_WORKLOADS " in *" $w "*) own_wl="$own_wl $w" ;; esac; done
    if [ -n "$own_wl" ]; then
        log "separate pass (our runner, after the kit's run): portable engine on [$own_wl]"
        run_own portable "$own_wl" "$out/asyncio4j-portable" > /dev/null
        summaries+=("$out/asyncio4j-portable/summary.txt")
    fi
fi

rel_raw="${out#"$ROOT/docs/bench/"}"
stamp="$(basename "$out" | sed -n 's/^\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)-\([0-9]\{4\}\).*/\1-\2-\3-\4/p')"
{
    echo "Produced by \`./asyncio4j bench --with-peers\` (run started $(sed -n 's/^date=//p' "$out/env.txt")): every figure is"
    echo "the median of the runs of one interleaved pass of the kit's \`run-peers.sh\` (fresh process per run),"
    echo "min–max in brackets. \`loadavg1\` in the raw lines is the machine's 1-minute load average before each run."
    if [ "$ENGINE" = both ]; then
        echo "The asyncio4j-portable rows come from a separate pass of our own runner right after the kit's run."
    fi
    echo
    echo "Raw lines, per-run stderr and the environment record: [\`$rel_raw/\`]($rel_raw/)."
    echo "Chart: ![advantage chart](results-${stamp:-$(date +%Y-%m-%d-%H%M)}.png)"
    echo
    echo '```'
    cat "$out/env.txt" 2>/dev/null || true
    cat "$out/bench-run.txt"
    echo '```'
} > "$out/notes.md"
make_report "$out"
