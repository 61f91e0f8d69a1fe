#!/usr/bin/env bash
# bench/send: `hooks send --count` against wrk, on the same fast receiver, in one run.
#
# The receiver (receiver.mjs, Node) answers 200 over keep-alive and checks the HMAC of one request in 16. wrk replays
# one fixed, identically sized paismo delivery (same headers, same body); hooks renders, signs and sends a fresh one
# every time. hooks is timed as a whole process through the launcher (`target/hooks send --count N --concurrency C`,
# JVM start-up included); wrk runs -t2 at the same concurrency for SECONDS. Rounds alternate wrk and hooks after a
# warm-up of each, and the median and best rounds of each are reported (loopback figures swing 2x from run to run).
# Each round also measures the CPU (user+sys) each side spent per request: the whole hooks process over its
# deliveries (start-up, JIT and GC included) and wrk over its requests, so a machine shared with other work still
# compares them. Then the JMH benchmark of one delivery's parts (bench/jmh, OneDelivery: render, sign, write, the
# whole exchange) runs with short settings (JMH_ARGS; JMH=off skips it).
# Figures go to bench/RESULTS.md between the bench:send markers.
# Usage: bench/send/run.sh [COUNT] [CONCURRENCY] [ROUNDS] [WRK_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-20000}
CONC=${2:-64}
ROUNDS=${3:-5}
SECS=${4:-5}
SECRET=bench-secret
JAR=target/hooks.jar
HOOKS=target/hooks

for tool in wrk node python3 /usr/bin/time; do
  pkg=${tool##*/}; [ "$tool" = node ] && pkg=nodejs
  command -v "$tool" >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"; }
done
if [ ! -f "$JAR" ] || [ ! -x "$HOOKS" ]; then
  mvn -B -q -DskipTests package
fi
OUT=bench/out/send
mkdir -p "$OUT"

node bench/send/receiver.mjs --secret "$SECRET" --header x-paismo-signature > "$OUT/receiver.log" 2>&1 &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q port "$OUT/receiver.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$OUT/receiver.log")
URL="http://127.0.0.1:$PORT/webhook"

export XDG_CACHE_HOME=$PWD/$OUT/cache   # the launcher's start-up cache, trained during the warm-up
hooks_send() { # prints req/s of the whole process (COUNT deliveries over its wall time, start-up included) and its CPU µs per delivery
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -o "$OUT/hooks.time" -f "%U %S" "$HOOKS" send employee.updated --provider paismo --secret "$SECRET" \
    --to "$URL" --count "$COUNT" --concurrency "$CONC" --format text --no-progress > "$OUT/hooks.txt"
  t1=$(date +%s.%N)
  grep -q "^delivered $COUNT, failed 0" "$OUT/hooks.txt" || { echo "bench/send: not every delivery got a 200:" >&2; cat "$OUT/hooks.txt" >&2; exit 1; }
  python3 -c "
u, s = map(float, open('$OUT/hooks.time').read().split()[-2:])
print(round($COUNT / ($t1 - $t0), 1), round((u + s) / $COUNT * 1e6, 1))"
}

# One real delivery, captured, becomes wrk's fixed request: the same headers and body size as hooks sends.
java -jar "$JAR" send employee.updated --provider paismo --secret "$SECRET" --to "$URL" --format json --verbose \
  > "$OUT/one.json"
python3 - "$OUT/one.json" > "$OUT/post.lua" <<'PY'
import json, sys
a = json.loads(open(sys.argv[1]).readline())
def lua(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\r', '\\r') + '"'
print('wrk.method = "POST"')
print('wrk.body = ' + lua(a["request_body"]))
for k, v in a["request_headers"].items():
    print('wrk.headers[' + lua(k) + '] = ' + lua(v))
PY

wrk_run() { # $1 seconds; prints req/s and wrk's CPU µs per request
  /usr/bin/time -o "$OUT/wrk.time" -f "%U %S" wrk -t2 -c"$CONC" -d"${1}s" -s "$OUT/post.lua" "$URL" > "$OUT/wrk.txt"
  python3 -c "
import re
t = open('$OUT/wrk.txt').read()
n = int(re.search(r'(\d+) requests in', t).group(1))
u, s = map(float, open('$OUT/wrk.time').read().split()[-2:])
print(re.search(r'Requests/sec:\s*([0-9.]+)', t).group(1), round((u + s) / n * 1e6, 1))"
}

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up" >&2
wrk_run 2 > /dev/null
hooks_send > /dev/null
hooks_send > /dev/null
for _ in $(seq 600); do ls -d "$XDG_CACHE_HOME"/hooks/cds/*.lock >/dev/null 2>&1 || break; sleep 1; done
curl -s "http://127.0.0.1:$PORT/_reset" > /dev/null

ws=(); hs=(); wc=(); hc=(); rows=""
for r in $(seq "$ROUNDS"); do
  read -r w wcpu <<<"$(wrk_run "$SECS")"; read -r h hcpu <<<"$(hooks_send)"
  echo "round $r: wrk $w req/s ($wcpu µs CPU each), hooks $h req/s ($hcpu µs CPU each)" >&2
  ws+=("$w"); hs+=("$h"); wc+=("$wcpu"); hc+=("$hcpu")
  rows="$rows| $r | $w | $h | $(python3 -c "print(f'{$h/$w:.2f}')") | $wcpu | $hcpu | $(python3 -c "print(f'{$hcpu/$wcpu:.1f}')") |"$'\n'
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
read -r med_wrk med_hooks best_wrk best_hooks med_wcpu med_hcpu <<<"$(python3 -c "
import statistics as s
w=[float(x) for x in '${ws[*]}'.split()]; h=[float(x) for x in '${hs[*]}'.split()]
wc=[float(x) for x in '${wc[*]}'.split()]; hc=[float(x) for x in '${hc[*]}'.split()]
print(s.median(w), s.median(h), max(w), max(h), s.median(wc), s.median(hc))")"
STATS=$(curl -s "http://127.0.0.1:$PORT/_stats")
LAT=$(sed -n 's/^latency *//p; s/^statuses *\(.*\)/statuses \1/p' "$OUT/hooks.txt" | paste -sd ';' | sed 's/;/; /')
RATIO=$(python3 -c "print(f'{$med_hooks/$med_wrk:.2f}')")
BEST_RATIO=$(python3 -c "print(f'{$best_hooks/$best_wrk:.2f}')")

# One delivery's parts, measured by JMH in one JVM after its warm-up (steady state, unlike the whole process above).
JMH_TABLE=""
if [ "${JMH:-on}" != off ]; then
  JMH_JAR=bench/jmh/target/benchmarks.jar
  [ -f "$JMH_JAR" ] || mvn -B -q -Pbench -pl bench/jmh -am -DskipTests package
  java -jar "$JMH_JAR" OneDelivery ${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.txt"
  JMH_TABLE=$(python3 - "$OUT/jmh.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
what = {"render": "render a fresh sample (ids, timestamp, body bytes)",
        "renderAndSign": "render and sign (the request with its headers)",
        "renderSignAndWrite": "render, sign and serialise (the bytes written)",
        "deliver": "the whole delivery on a kept-alive connection: render, sign, write, read the answer"}
print()
print("One delivery's cost in its parts (JMH, `OneDelivery` in bench/jmh, one thread, %s, %d warm-up and %d measured "
      "iterations; the whole exchange includes a minimal receiver thread's work on the same machine):" % (
          "JDK " + runs[0].get("jdkVersion", "?"),
          runs[0]["warmupIterations"], runs[0]["measurementIterations"]))
print()
print("| benchmark | µs per delivery | ± |")
print("|---|---:|---:|")
order = ["render", "renderAndSign", "renderSignAndWrite", "deliver"]
for r in sorted(runs, key=lambda r: order.index(r["benchmark"].rsplit(".", 1)[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    m = r["primaryMetric"]
    print("| %s: %s | %.2f | %.2f |" % (name, what[name], m["score"], m["scoreError"] if m["scoreError"] == m["scoreError"] else 0))
PY
)
fi

SECTION=$(cat <<MD
<!-- bench:send -->
## send: \`hooks send --count\` against wrk

$(date -u +%Y-%m-%d)${LABEL:+ ($LABEL)}, $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), load average before: $LOAD, after: $LOAD_AFTER.
Same Node receiver (bench/send/receiver.mjs), concurrency $CONC, rounds alternating after a warm-up.
wrk (-t2, ${SECS}s a round) replays one fixed paismo delivery of the same size and headers; hooks renders, signs
(HMAC-SHA256) and sends a fresh one each time over keep-alive connections, and is timed as a whole process
(\`target/hooks send employee.updated --provider paismo --count $COUNT --concurrency $CONC\`, JVM start-up
included; text output: a summary at the end and nothing per request, as wrk prints).

| round | wrk req/s | hooks req/s (whole process) | ratio | wrk CPU µs/request | hooks CPU µs/delivery | CPU ratio |
|---|---|---|---|---|---|---|
${rows}
**Median of the rounds: wrk $med_wrk req/s, hooks $med_hooks req/s: ratio ${RATIO}x**; best of each: wrk $best_wrk, hooks $best_hooks, ratio ${BEST_RATIO}x (target 0.5x, goal 0.8x).
CPU (user+sys) per request, medians: wrk $med_wcpu µs, hooks $med_hcpu µs (the whole process: start-up, JIT and GC
included, over $COUNT deliveries).
${JMH_TABLE}

hooks' last round: $LAT. The receiver counted $STATS over the measured rounds: every hooks
delivery carried the signature, and of the one-in-16 it checked, the hooks ones were valid (wrk's fixed request
replays one old signature, so its checked share counts as valid too: it was signed once by hooks).
<!-- /bench:send -->
MD
)
printf '%s\n' "$SECTION" | python3 bench/results.py send
echo "median: wrk $med_wrk req/s, hooks $med_hooks req/s, ratio ${RATIO}x" >&2
