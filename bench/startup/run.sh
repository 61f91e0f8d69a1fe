#!/usr/bin/env bash
# Start-up benchmark: `hooks sign` against programs computing the same HMAC with nothing else, in one hyperfine run
# (alternating rounds, after a warm-up), on Java 17 and on Java 25 where it is installed:
#   - the bare JDK program (bench/startup/BareHmac.java) on each JDK: the baseline each hooks figure is divided by;
#   - the same program computing the HMAC over MessageDigest as hooks does (bench/startup/BareDigestHmac.java): not a
#     baseline, the floor of a JVM that computes it that way;
#   - a Node script (bench/startup/hmac.js) and a Go program (bench/startup/hmac.go), the peers without a JVM;
#   - target/hooks sign, the launcher (C1, its start-up cache: AppCDS with G1 on 17, the AOT cache with the serial GC
#     on 25),
#     with the cache trained before the runs, as a user has it from the second command on;
#   - java -jar target/hooks.jar sign, no flags.
# Writes its figures between <!-- bench:startup --> and <!-- /bench:startup --> in bench/RESULTS.md.
#
#   bench/startup/run.sh              # builds target/hooks if missing; installs hyperfine, golang-go if missing
#   RUNS=40 ROUNDS=10 bench/startup/run.sh
#   JAVA25=/path/to/jdk-25 bench/startup/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RUNS=${RUNS:-30}
ROUNDS=${ROUNDS:-10}
WARMUP=${WARMUP:-5}
need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
need node nodejs
need go golang-go
need python3 python3

JAVA17=${JAVA17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1 || true)}
[ -x "$JAVA17/bin/java" ] || { echo "bench/startup: no JDK at $JAVA17 (set JAVA17)" >&2; exit 2; }
[ -n "$JAVA25" ] && [ -x "$JAVA25/bin/java" ] || JAVA25=

if [ ! -x target/hooks ] || [ ! -f target/hooks.jar ]; then
    mvn -B -q -DskipTests package
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVA17/bin/javac" --release 17 -d "$WORK/bare" bench/startup/BareHmac.java bench/startup/BareDigestHmac.java
(cd "$WORK" && cp "$ROOT/bench/startup/hmac.go" . && GOCACHE="$WORK/gocache" go build -o "$WORK/hmac-go" hmac.go)
printf '{"id":"evt_1","type":"employee.created","data":{"employee_id":"e_42","first_name":"Ada"}}' > "$WORK/body.json"
SECRET=s3cret
export XDG_CACHE_HOME="$WORK/cache"
unset JAVA_OPTS HOOKS_CDS

SIGN="sign --provider github --secret $SECRET --format value $WORK/body.json"
NODE="node $ROOT/bench/startup/hmac.js $SECRET $WORK/body.json"
names=(); cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "bare JDK 17" "$JAVA17/bin/java -cp $WORK/bare BareHmac $SECRET $WORK/body.json"
add "bare JDK 17, digest HMAC" "$JAVA17/bin/java -cp $WORK/bare BareDigestHmac $SECRET $WORK/body.json"
add "launcher, JDK 17" "env JAVA_HOME=$JAVA17 $ROOT/target/hooks $SIGN"
add "java -jar, JDK 17" "$JAVA17/bin/java -jar $ROOT/target/hooks.jar $SIGN"
if [ -n "$JAVA25" ]; then
    add "bare JDK 25" "$JAVA25/bin/java -cp $WORK/bare BareHmac $SECRET $WORK/body.json"
    add "bare JDK 25, digest HMAC" "$JAVA25/bin/java -cp $WORK/bare BareDigestHmac $SECRET $WORK/body.json"
    add "launcher, JDK 25" "env JAVA_HOME=$JAVA25 $ROOT/target/hooks $SIGN"
    add "java -jar, JDK 25" "$JAVA25/bin/java -jar $ROOT/target/hooks.jar $SIGN"
fi
add "node script" "$NODE"
add "go program" "$WORK/hmac-go $SECRET $WORK/body.json"

# Same signature from every command, or the comparison means nothing. The launcher's first run starts training
# its cache in the background: wait for it, so the runs measure the launcher as users have it.
want=$($JAVA17/bin/java -cp "$WORK/bare" BareHmac $SECRET "$WORK/body.json" | sed 's/.*: //')
for i in "${!cmds[@]}"; do
    got=$(${cmds[$i]} | sed 's/.*: //')
    [ "$got" = "$want" ] || { echo "bench: '${names[$i]}' printed '$got', expected '$want'" >&2; exit 1; }
done
for _ in $(seq 600); do
    ls -d "$XDG_CACHE_HOME"/hooks/cds/*.lock >/dev/null 2>&1 || break
    sleep 1
done
caches=$(ls -d "$XDG_CACHE_HOME"/hooks/cds/*.ok 2>/dev/null | wc -l)
expect=1; [ -n "$JAVA25" ] && expect=2
[ "$caches" -ge "$expect" ] || { echo "bench/startup: the launcher made $caches start-up caches, expected $expect" >&2; exit 1; }

args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
PER=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
hyperfine -N --warmup "$WARMUP" --runs 2 --style none "${args[@]}" >/dev/null
for r in $(seq "$ROUNDS"); do
    hyperfine -N --warmup 1 --runs "$PER" --style none --export-json "$WORK/h$r.json" "${args[@]}" >/dev/null
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

V17=$("$JAVA17/bin/java" -version 2>&1 | head -1)
V25=; [ -n "$JAVA25" ] && V25=$("$JAVA25/bin/java" -version 2>&1 | head -1)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
python3 - "$WORK" "$V17" "$V25" "$((PER * ROUNDS))" "$ROUNDS" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" "$CPU" \
    "$(node --version)" "$(go version | awk '{print $3}')" "${LABEL:-}" <<'PY' > "$WORK/section.md"
import json, sys, datetime, glob, statistics
work, v17, v25, runs, rounds, cores, before, after, cpu, node, go, label = sys.argv[1:13]
m = {}
for f in sorted(glob.glob(work + "/h[0-9]*.json")):
    for r in json.load(open(f))["results"]:
        a = m.setdefault(r["command"], {"times": [], "cpu": []})
        a["times"] += r["times"]
        a["cpu"] += [r["user"] + r["system"]] * len(r["times"])
for a in m.values():
    a["mean"] = statistics.mean(a["times"]); a["sd"] = statistics.stdev(a["times"])
    a["median"] = statistics.median(a["times"]); a["cpu"] = statistics.mean(a["cpu"])
def base(name):
    return m["bare JDK 25"] if "JDK 25" in name else m["bare JDK 17"]
targets = {"launcher, JDK 17": "≤ 1.2x", "launcher, JDK 25": "≤ 1.0x", "java -jar, JDK 17": "≤ 1.3x"}
print("## Start-up: `hooks sign` against a bare-JDK HMAC program, Node and Go")
print()
print(f"Measured {datetime.date.today()} by `bench/startup/run.sh`{' (' + label + ')' if label else ''}: hyperfine, "
      f"{runs} runs of each command in {rounds} alternating rounds after a warm-up. Machine: {cores} cores, {cpu}; "
      f"load average {before} before, {after} after. JDKs: {v17}" + (f"; {v25}" if v25 else "") +
      f". Node {node}, Go {go}. Each hooks ratio is to the bare program on the same JDK, from the same run.")
print()
print("| command | mean | median | user+sys CPU | ratio (mean) | ratio (median) | target |")
print("|---|---|---|---|---|---|---|")
for name, r in m.items():
    b = None if name.startswith(("bare", "node", "go")) else base(name)
    ratio = f'{r["mean"]/b["mean"]:.2f}x' if b else ""
    ratio_m = f'{r["median"]/b["median"]:.2f}x' if b else ""
    print(f'| {name} | {r["mean"]*1000:.0f} ms ± {r["sd"]*1000:.0f} | {r["median"]*1000:.0f} ms | {r["cpu"]*1000:.0f} ms '
          f'| {ratio} | {ratio_m} | {targets.get(name, "")} |')
print()
print("The launcher runs a plain `sign` with `-XX:TieredStopAtLevel=1` and its start-up cache for the commands that "
      "run without picocli (trained before the runs: `-XX:SharedArchiveFile` with G1 on 17, `-XX:AOTCache` with "
      "`-XX:+UseSerialGC` on 25); the shell script itself starts no other process. hooks computes the HMAC over "
      "`MessageDigest` (RFC 2104) instead of `javax.crypto.Mac`, whose first use sets up the JDK's security providers: "
      "the `digest HMAC` rows are the bare program doing the same, the floor for that, not a baseline. `java -jar` "
      "gets neither the cache nor the flags.")
PY

python3 bench/results.py startup < "$WORK/section.md"
cat "$WORK/section.md"
