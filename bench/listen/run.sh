#!/usr/bin/env bash
# bench/listen: wrk against `hooks listen` (paismo verification, history on), a minimal Node receiver that only
# verifies the same HMAC, and adnanh/webhook (Debian package `webhook`) checking the same HMAC, in one run,
# alternating after a warm-up; then 64 paced connections and one connection at a time for hooks and Node.
# Writes its section of bench/RESULTS.md. Expects target/hooks.jar; builds nothing.
#   bench/listen/run.sh                          # ROUNDS=3 DURATION=10s WARMUP=10s WARMUP_RUNS=3 CONNS=64
#   JFR=/tmp/listen.jfr bench/listen/run.sh      # also profiles hooks with JFR and prints its hottest methods
#   LABEL="taken under load" bench/listen/run.sh # a note on the section's first line
#   SETTLE_MAX=5 bench/listen/run.sh             # wait at most 5 s (default 60) for a quiet machine before a run
#   JAR=/tmp/hooks.jar bench/listen/run.sh       # measure another build of the jar
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=${JAR:-$ROOT/target/hooks.jar}
[ -f "$JAR" ] || { echo "bench/listen: $JAR is missing: run 'mvn -B -DskipTests package' first" >&2; exit 2; }
need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need webhook webhook
need node nodejs
need python3 python3

CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
# The JVM's JIT needs tens of seconds of traffic before C2 has compiled the request path, longer on a loaded
# machine (10 s left hooks at half its steady rate); every receiver gets the same warm-up.
WARMUP=${WARMUP:-10s}
# The warm-up is that many runs, each on new connections like a measured round: a single long run left the JIT's
# code without the paths of connections opening and closing, and the first measured round of a JVM began with its
# request parsing deoptimised and compiled again.
WARMUP_RUNS=${WARMUP_RUNS:-3}
# The flags bin/hooks gives listen, read from the launcher's template so the two cannot drift apart.
LAUNCHER=hooks-cli/src/jreleaser/assemblers/java-archive/bin/launcher.tpl
JVM_OPTS=${JVM_OPTS:-$(sed -n 's/^listen_flags="\(.*\)"$/\1/p' "$LAUNCHER")}
[ -n "$JVM_OPTS" ] || { echo "bench/listen: no listen_flags line in $LAUNCHER" >&2; exit 2; }
export BENCH_SECRET=bench-secret
export BENCH_BODY='{"id":"d_1","event_type":"employee.updated","event_id":"evt_bench","timestamp":"2024-05-01T10:00:00.000Z","data":{"employee_id":"emp_42","changed_fields":["status"],"changes":{"status":{"old_value":"ACTIVE","new_value":"TERMINATED"}}}}'
export BENCH_SIGNATURE=$(printf '%s' "$BENCH_BODY" | openssl dgst -sha256 -hmac "$BENCH_SECRET" -hex | awk '{print $NF}')
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

HOOKS_PORT=3100 NODE_PORT=3101 WEBHOOK_PORT=3102 NOSTORE_PORT=3103
DB=$WORK/history.db
# JFR=FILE records the measured listener with Java Flight Recorder (profile settings) and prints its hottest methods.
HOOKS_JFR=${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true}
HOME=$WORK java $JVM_OPTS $HOOKS_JFR -jar "$JAR" listen --provider paismo --secret "$BENCH_SECRET" --port $HOOKS_PORT \
  --store "$DB" --format json > /dev/null 2> "$WORK/hooks.err" &
HOOKS_PID=$!; PIDS+=($HOOKS_PID)
# The same listener without the history, to show what recording every delivery costs.
HOME=$WORK java $JVM_OPTS -jar "$JAR" listen --provider paismo --secret "$BENCH_SECRET" --port $NOSTORE_PORT \
  --no-store --format json > /dev/null 2> "$WORK/nostore.err" &
PIDS+=($!)
node bench/listen/node-receiver.mjs $NODE_PORT & NODE_PID=$!; PIDS+=($NODE_PID)
cat > "$WORK/hooks.json" <<JSON
[{"id": "paismo", "execute-command": "/bin/true", "response-message": "ok",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$BENCH_SECRET",
                             "parameter": {"source": "header", "name": "X-Paismo-Signature"}}},
  "trigger-rule-mismatch-http-response-code": 401}]
JSON
webhook -hooks "$WORK/hooks.json" -ip 127.0.0.1 -port $WEBHOOK_PORT -nopanic > "$WORK/webhook.log" 2>&1 & PIDS+=($!)
for port in $HOOKS_PORT $NODE_PORT $WEBHOOK_PORT $NOSTORE_PORT; do
  for i in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
declare -A URL=([hooks]=http://127.0.0.1:$HOOKS_PORT/webhook [node]=http://127.0.0.1:$NODE_PORT/webhook
                [webhook]=http://127.0.0.1:$WEBHOOK_PORT/hooks/paismo [nostore]=http://127.0.0.1:$NOSTORE_PORT/webhook)
for t in hooks node webhook nostore; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-Paismo-Signature: $BENCH_SIGNATURE" --data-binary "$BENCH_BODY" "${URL[$t]}" || true)
  [ "$code" = 200 ] || { echo "bench/listen: $t answered $code to a valid delivery" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Paismo-Signature: 00" --data-binary "$BENCH_BODY" "${URL[$t]}" || true)
  [ "$code" != 200 ] || { echo "bench/listen: $t accepted a bad signature" >&2; exit 1; }
done

stored() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from deliveries').fetchone()[0])" "$DB"; }
# wrk output -> "rps p99_ms requests non2xx"
measure() { # DURATION URL [SCRIPT] [CONNECTIONS] [THREADS]
  local out; out=$(wrk -t"${5:-2}" -c"${4:-$CONNS}" -d"$1" --latency -s "bench/listen/${3:-post}.lua" "$2")
  python3 - "$out" <<'PY'
import re, sys
o = sys.argv[1]
def ms(v, u): return round(float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u], 3)  # 698.00us: 0.698, not 0.69800000001
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', o).group(1))
p99 = re.search(r'\s99%\s+([\d.]+)(us|ms|s)', o)
p50 = re.search(r'\s50%\s+([\d.]+)(us|ms|s)', o)
total = int(re.search(r'(\d+) requests in', o).group(1))
non2 = re.search(r'Non-2xx or 3xx responses: (\d+)', o)
errs = re.search(r'Socket errors: (.*)', o)
print(rps, ms(*p99.groups()), total, int(non2.group(1)) if non2 else 0, (errs.group(1) if errs else 'none').replace(' ', '_'),
      ms(*p50.groups()))
PY
}
# Waits (up to 60 s) until the machine is quiet: at least 85% of the CPU idle over one second. adnanh/webhook runs
# a process per request; after its round the kernel spends ~10 s at full system CPU reaping tens of thousands of
# them, which would otherwise be charged to whichever receiver runs next.
settle() {
  python3 - "${SETTLE_MAX:-60}" <<'PY'
import sys, time
def snap():
    v = list(map(int, open('/proc/stat').readline().split()[1:]))
    return v[3] + v[4], sum(v)
for _ in range(int(sys.argv[1])):
    i0, t0 = snap(); time.sleep(1); i1, t1 = snap()
    if (i1 - i0) >= 0.85 * (t1 - t0):
        break
PY
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up ($WARMUP_RUNS runs of $WARMUP each)…" >&2
for t in hooks node webhook nostore; do
  settle
  for w in $(seq "$WARMUP_RUNS"); do measure "$WARMUP" "${URL[$t]}" > /dev/null; done
done
# CPU time of the listener's threads, grouped by name (request threads, store writer, store sync thread, ...).
threads() {
  python3 - "$HOOKS_PID" <<'PY'
import os, re, sys
pid = sys.argv[1]
for t in os.listdir(f'/proc/{pid}/task'):
    try:
        name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
        stat = open(f'/proc/{pid}/task/{t}/stat').read().rsplit(')', 1)[1].split()
    except OSError:
        continue
    print(re.sub(r'[- ][0-9]+$', '', name).replace(' ', '_'), int(stat[11]) + int(stat[12]))
PY
}
# CPU time (user + system, clock ticks) of a whole process, every thread it has had included.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A RPS P99
ACK=0; STORED_BEFORE=$(stored); ERRORS=""; CPU_REQUESTS=0; NODE_TICKS=0; NODE_REQUESTS=0; HOOKS_TICKS=0
: > "$WORK/cpu.before"; : > "$WORK/cpu.after"
for r in $(seq "$ROUNDS"); do
  for t in hooks node webhook nostore; do
    settle
    [ "$t" = hooks ] && threads >> "$WORK/cpu.before"
    [ "$t" = hooks ] && t0=$(ticks $HOOKS_PID); [ "$t" = node ] && t0=$(ticks $NODE_PID)
    read -r rps p99 total non2 errs p50 < <(measure "$DURATION" "${URL[$t]}")
    [ "$t" = hooks ] && { threads >> "$WORK/cpu.after"; CPU_REQUESTS=$((CPU_REQUESTS + total));
                          HOOKS_TICKS=$((HOOKS_TICKS + $(ticks $HOOKS_PID) - t0)); }
    [ "$t" = node ] && { NODE_TICKS=$((NODE_TICKS + $(ticks $NODE_PID) - t0)); NODE_REQUESTS=$((NODE_REQUESTS + total)); }
    echo "round $r $t: $rps req/s, p99 $p99 ms, $total requests, $non2 non-2xx, socket errors $errs" >&2
    RPS[$t]="${RPS[$t]:-} $rps"; P99[$t]="${P99[$t]:-} $p99"
    if [ "$t" = hooks ]; then ACK=$((ACK + total - non2)); ERRORS="$ERRORS $errs"; fi
  done
done
# Latency below saturation: the same 64 connections, each sending one delivery every BENCH_PAUSE_MS.
export BENCH_PAUSE_MS=${PAUSE_MS:-20}
declare -A PRPS PP50 PP99
for r in $(seq "$ROUNDS"); do
  for t in hooks node; do
    settle
    read -r rps p99 total non2 errs p50 < <(measure "$DURATION" "${URL[$t]}" paced)
    echo "paced round $r $t: $rps req/s, p50 $p50 ms, p99 $p99 ms, $non2 non-2xx" >&2
    PRPS[$t]="${PRPS[$t]:-} $rps"; PP50[$t]="${PP50[$t]:-} $p50"; PP99[$t]="${PP99[$t]:-} $p99"
    if [ "$t" = hooks ]; then ACK=$((ACK + total - non2)); ERRORS="$ERRORS $errs"; fi
  done
done
# One connection sending one delivery at a time, as a provider delivers: each receiver's latency per delivery.
declare -A SP50 SP99 SRPS
for r in $(seq "$ROUNDS"); do
  for t in hooks node; do
    settle
    read -r rps p99 total non2 errs p50 < <(measure "$DURATION" "${URL[$t]}" post 1 1)
    echo "serial round $r $t: $rps req/s, p50 $p50 ms, p99 $p99 ms, $non2 non-2xx" >&2
    SRPS[$t]="${SRPS[$t]:-} $rps"; SP50[$t]="${SP50[$t]:-} $p50"; SP99[$t]="${SP99[$t]:-} $p99"
    if [ "$t" = hooks ]; then ACK=$((ACK + total - non2)); ERRORS="$ERRORS $errs"; fi
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 1
STORED=$(( $(stored) - STORED_BEFORE ))
RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/$HOOKS_PID/status)
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
H=$(echo "${RPS[hooks]}" | median); N=$(echo "${RPS[node]}" | median); W=$(echo "${RPS[webhook]}" | median)
S=$(echo "${RPS[nostore]}" | median); SP=$(echo "${P99[nostore]}" | median)
# Microseconds of CPU per delivery at saturation, by thread group, over the measured hooks rounds.
CPU=$(python3 - "$WORK/cpu.before" "$WORK/cpu.after" "$CPU_REQUESTS" <<'PY'
import collections, os, sys
hz = os.sysconf('SC_CLK_TCK')
def load(f):
    d = collections.Counter()
    for line in open(f):
        name, ticks = line.split()
        d[name] += int(ticks)
    return d
before, after, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
us = {k: (after[k] - before[k]) / hz / n * 1e6 for k in after}
# Thread names as the kernel keeps them: cut to 15 characters.
label = {'hooks-listen': 'Jetty threads (reading and handling the requests)', 'hooks-store-wri': 'history writer',
         'hooks-store-syn': 'history sync thread (fsync, then the answers)', 'hooks-listen-pr': 'output printer'}
named = [f"{label[k]} {us[k]:.1f}" for k in label if k in us]
other = sum(v for k, v in us.items() if k not in label)
print(f"{sum(us.values()):.0f} µs: " + ", ".join(named + [f"JIT, GC and the rest {other:.1f}"]))
PY
)
# Whole processes' CPU per delivery at saturation: what each receiver costs the machine, whatever else runs on it.
PROCESS_CPU=$(python3 - "$HOOKS_TICKS" "$CPU_REQUESTS" "$NODE_TICKS" "$NODE_REQUESTS" <<'PY'
import os, sys
hz = os.sysconf('SC_CLK_TCK')
h, hn, n, nn = map(int, sys.argv[1:])
hu, nu = h / hz / max(hn, 1) * 1e6, n / hz / max(nn, 1) * 1e6
print(f"hooks {hu:.0f} µs, Node {nu:.0f} µs ({hu / nu:.2f}x Node's)" if nu else f"hooks {hu:.0f} µs")
PY
)
HP=$(echo "${P99[hooks]}" | median); NP=$(echo "${P99[node]}" | median); WP=$(echo "${P99[webhook]}" | median)
PH=$(echo "${PRPS[hooks]}" | median); PN=$(echo "${PRPS[node]}" | median)
PH50=$(echo "${PP50[hooks]}" | median); PN50=$(echo "${PP50[node]}" | median)
PH99=$(echo "${PP99[hooks]}" | median); PN99=$(echo "${PP99[node]}" | median)
SH=$(echo "${SRPS[hooks]}" | median); SN=$(echo "${SRPS[node]}" | median)
SH50=$(echo "${SP50[hooks]}" | median); SN50=$(echo "${SP50[node]}" | median)
SH99=$(echo "${SP99[hooks]}" | median); SN99=$(echo "${SP99[node]}" | median)
kill -TERM $HOOKS_PID; wait $HOOKS_PID 2>/dev/null || true
if [ -n "${JFR:-}" ] && [ -f "$JFR" ]; then
  # The recording's hottest methods (jfr view needs JDK 21 or later; the JDK 25 beside 17 reads 17's recordings).
  JFR_TOOL=$(ls -d /usr/lib/jvm/*25*/bin/jfr 2>/dev/null | head -1 || true)
  [ -n "$JFR_TOOL" ] && "$JFR_TOOL" view --width 160 hot-methods "$JFR" >&2 || true
fi
RATIO=$(python3 -c "print(f'{$H/$N:.2f}')"); WRATIO=$(python3 -c "print(f'{$W/$N:.2f}')")
SRATIO=$(python3 -c "print(f'{$S/$N:.2f}')")
LOST=$(( ACK > STORED ? ACK - STORED : 0 ))
SECTION=$WORK/section.md
{
  echo "<!-- bench:listen -->"
  echo "## listen: \`hooks listen\` against a minimal Node receiver and adnanh/webhook"
  echo
  echo "$(date -u +%Y-%m-%d)${LABEL:+ ($LABEL)}, $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1), node $(node --version), webhook $(webhook -version 2>&1 | head -1 | awk '{print $NF}')."
  echo "wrk -t2 -c$CONNS -d$DURATION, one signed Paismo delivery ($(printf '%s' "$BENCH_BODY" | wc -c) bytes), $ROUNDS rounds alternating"
  echo "after a warm-up of $WARMUP_RUNS runs of $WARMUP each, each round on a quiet machine (>= 85% CPU idle first); medians of the rounds. \`hooks listen --provider paismo --store FILE --format json\`"
  echo "(HMAC-SHA256 verification, every delivery committed to SQLite before its 200, output to /dev/null), run as"
  echo "\`java $JVM_OPTS -jar target/hooks.jar\` (the flags bin/hooks gives listen)."
  echo
  echo "| receiver | req/s | vs Node | p99 |"
  echo "|---|---:|---:|---:|"
  echo "| hooks listen (verify + history) | $H | ${RATIO}x | $HP ms |"
  echo "| Node (verify only) | $N | 1.00x | $NP ms |"
  echo "| adnanh/webhook (verify, runs /bin/true) | $W | ${WRATIO}x | $WP ms |"
  echo "| hooks listen --no-store (verify, no history) | $S | ${SRATIO}x | $SP ms |"
  echo
  echo "Below saturation ($CONNS connections, each sending one delivery every $BENCH_PAUSE_MS ms; medians of $ROUNDS rounds):"
  echo
  echo "| receiver | req/s | p50 | p99 |"
  echo "|---|---:|---:|---:|"
  echo "| hooks listen (verify + history) | $PH | $PH50 ms | $PH99 ms |"
  echo "| Node (verify only) | $PN | $PN50 ms | $PN99 ms |"
  echo
  echo "One connection sending one delivery at a time (wrk -t1 -c1, as a provider delivers; medians of $ROUNDS rounds):"
  echo
  echo "| receiver | req/s | p50 | p99 |"
  echo "|---|---:|---:|---:|"
  echo "| hooks listen (verify + history) | $SH | $SH50 ms | $SH99 ms |"
  echo "| Node (verify only) | $SN | $SN50 ms | $SN99 ms |"
  echo
  echo "- hooks listen peak RSS (VmHWM): $((RSS_KB / 1024)) MB."
  echo "- Deliveries answered 2xx by hooks (wrk, measured and paced rounds): $ACK; stored in the history during those rounds: $STORED;"
  echo "  lost: $LOST (stored may exceed acknowledged by the requests under way when wrk stopped counting)."
  echo "- CPU per delivery at saturation, whole process (the measured rounds, user + system from /proc): $PROCESS_CPU."
  echo "- hooks' CPU per delivery at saturation (the measured rounds, from /proc per thread): $CPU."
  echo "- Rounds: hooks [${RPS[hooks]# }] req/s, p99 [${P99[hooks]# }] ms; node [${RPS[node]# }] req/s, p99 [${P99[node]# }] ms; webhook [${RPS[webhook]# }]; hooks --no-store [${RPS[nostore]# }]."
  echo "- Paced rounds: hooks p99 [${PP99[hooks]# }] ms; node p99 [${PP99[node]# }] ms."
  echo "- Load average (1, 5, 15 min) before the warm-up: $LOAD_BEFORE; after the last round: $LOAD_AFTER."
  echo "- Targets: >= 0.8x Node (ambition 1.0x), p99 < 10 ms at 64 connections, RSS < 256 MB, zero lost."
  echo "- hooks does more per delivery than the Node receiver: it commits the delivery (headers, raw body, verification,"
  echo "  answer) to SQLite and fsyncs it before the 200, and prints a JSON line. One writer thread commits whatever is"
  echo "  queued in one transaction (while the disk is busy it gathers up to 16 first) and a sync thread fsyncs the"
  echo "  commits made before it began and then answers their requests, so concurrent deliveries share commits and"
  echo "  fsyncs; the --no-store row is the same listener without any of it. A delivery like this one (a POST to a"
  echo "  webhook path with its length declared) is read and handled on the thread that read it, through Jetty's own"
  echo "  API rather than the servlet layer, and answered from the sync thread; no thread waits for the disk. Once a"
  echo "  round of answers is written, one pool thread reads those connections' next requests, rather than a thread"
  echo "  woken per delivery."
  echo "- At saturation a receiver's p99 is mostly the queue in front of it: 64 connections served at R req/s wait 64/R"
  echo "  on average (Little's law). The paced rounds show each receiver's own time per delivery."
  echo "<!-- /bench:listen -->"
} > "$SECTION"
python3 bench/results.py listen < "$SECTION"
cat "$SECTION"
