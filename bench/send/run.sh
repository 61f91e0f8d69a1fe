#!/usr/bin/env bash
# bench/send: `hooks send --count` against wrk, on the same fast receiver, in one run.
#
# The receiver (receiver.mjs, Node) answers 200 over keep-alive and checks the HMAC of one request in 16. wrk replays
# one fixed, identically sized paismo delivery (same headers, same body); hooks renders, signs and sends a fresh one
# every time. hooks is timed as a whole process through the launcher (`target/hooks send --count N --concurrency C`,
# JVM start-up included); wrk runs -t2 at the same concurrency for SECONDS. Rounds alternate wrk and hooks after a
# warm-up of each, and the median and best rounds of each are reported (loopback figures swing 2x from run to run).
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

for tool in wrk node python3; do
  pkg=$tool; [ "$tool" = node ] && pkg=nodejs
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
hooks_send() { # prints req/s of the whole process: COUNT deliveries over its wall time, start-up included
  local t0 t1
  t0=$(date +%s.%N)
  "$HOOKS" send employee.updated --provider paismo --secret "$SECRET" --to "$URL" \
    --count "$COUNT" --concurrency "$CONC" --format text --no-progress > "$OUT/hooks.txt"
  t1=$(date +%s.%N)
  grep -q "^delivered $COUNT, failed 0" "$OUT/hooks.txt" || { echo "bench/send: not every delivery got a 200:" >&2; cat "$OUT/hooks.txt" >&2; exit 1; }
  python3 -c "print(round($COUNT / ($t1 - $t0), 1))"
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

wrk_run() { # $1 seconds; prints req/s
  wrk -t2 -c"$CONC" -d"${1}s" -s "$OUT/post.lua" "$URL" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'
}

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up" >&2
wrk_run 2 > /dev/null
hooks_send > /dev/null
hooks_send > /dev/null
for _ in $(seq 600); do ls -d "$XDG_CACHE_HOME"/hooks/cds/*.lock >/dev/null 2>&1 || break; sleep 1; done
curl -s "http://127.0.0.1:$PORT/_reset" > /dev/null

ws=(); hs=(); rows=""
for r in $(seq "$ROUNDS"); do
  w=$(wrk_run "$SECS"); h=$(hooks_send)
  echo "round $r: wrk $w req/s, hooks $h req/s" >&2
  ws+=("$w"); hs+=("$h")
  rows="$rows| $r | $w | $h | $(python3 -c "print(f'{$h/$w:.2f}')") |"$'\n'
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
read -r med_wrk med_hooks best_wrk best_hooks <<<"$(python3 -c "
import statistics as s
w=[float(x) for x in '${ws[*]}'.split()]; h=[float(x) for x in '${hs[*]}'.split()]
print(s.median(w), s.median(h), max(w), max(h))")"
STATS=$(curl -s "http://127.0.0.1:$PORT/_stats")
LAT=$(sed -n 's/^latency *//p; s/^statuses *\(.*\)/statuses \1/p' "$OUT/hooks.txt" | paste -sd ';' | sed 's/;/; /')
RATIO=$(python3 -c "print(f'{$med_hooks/$med_wrk:.2f}')")
BEST_RATIO=$(python3 -c "print(f'{$best_hooks/$best_wrk:.2f}')")

SECTION=$(cat <<MD
<!-- bench:send -->
## send: \`hooks send --count\` against wrk

$(date -u +%Y-%m-%d)${LABEL:+ ($LABEL)}, $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), load average before: $LOAD, after: $LOAD_AFTER.
Same Node receiver (bench/send/receiver.mjs), concurrency $CONC, rounds alternating after a warm-up.
wrk (-t2, ${SECS}s a round) replays one fixed paismo delivery of the same size and headers; hooks renders, signs
(HMAC-SHA256) and sends a fresh one each time over keep-alive connections, and is timed as a whole process
(\`target/hooks send employee.updated --provider paismo --count $COUNT --concurrency $CONC\`, JVM start-up
included; text output: a summary at the end and nothing per request, as wrk prints).

| round | wrk req/s | hooks req/s (whole process) | ratio |
|---|---|---|---|
${rows}
**Median of the rounds: wrk $med_wrk req/s, hooks $med_hooks req/s: ratio ${RATIO}x**; best of each: wrk $best_wrk, hooks $best_hooks, ratio ${BEST_RATIO}x (target 0.5x, goal 0.8x).

hooks' last round: $LAT. The receiver counted $STATS over the measured rounds: every hooks
delivery carried the signature, and of the one-in-16 it checked, the hooks ones were valid (wrk's fixed request
replays one old signature, so its checked share counts as valid too: it was signed once by hooks).
<!-- /bench:send -->
MD
)
RESULTS=bench/RESULTS.md
[ -f "$RESULTS" ] || printf '# Benchmarks\n\nEach section is written by its own bench script.\n\n' > "$RESULTS"
python3 - "$RESULTS" "$SECTION" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r'<!-- bench:send -->.*?<!-- /bench:send -->', re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip('\n') + '\n\n' + section + '\n'
open(path, 'w').write(text)
PY
echo "median: wrk $med_wrk req/s, hooks $med_hooks req/s, ratio ${RATIO}x" >&2
