#!/usr/bin/env bash
# Start-up benchmark: `hooks sign` against a bare-JDK program computing the same HMAC, in one hyperfine run
# (alternating, after a warm-up), through the launcher users run (bin/hooks) and through `java -jar`.
# Writes its figures between <!-- bench:startup --> and <!-- /bench:startup --> in bench/RESULTS.md.
#
#   bench/startup/run.sh            # expects target/hooks.jar and the assembled distribution; builds them if missing
#   RUNS=40 bench/startup/run.sh    # more runs (default 30)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-5}

if ! command -v hyperfine >/dev/null; then
    apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac

if [ ! -f target/hooks.jar ]; then
    mvn -B -q -DskipTests package
fi
DIST=$(ls -d target/jreleaser/assemble/hooks/java-archive/work/hooks-*/ 2>/dev/null | head -1 || true)
if [ -z "$DIST" ] || [ target/hooks.jar -nt "$DIST/bin/hooks" ]; then
    mvn -B -q -N jreleaser:assemble
    DIST=$(ls -d target/jreleaser/assemble/hooks/java-archive/work/hooks-*/ | head -1)
fi
LAUNCHER="$ROOT/${DIST%/}/bin/hooks"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" -d "$WORK/bare" bench/startup/BareHmac.java
printf '{"id":"evt_1","type":"employee.created","data":{"employee_id":"e_42","first_name":"Ada"}}' > "$WORK/body.json"
SECRET=s3cret
export XDG_CACHE_HOME="$WORK/cache"   # the launcher's class-data archive starts empty: the warm-up writes it

BARE="$JAVA -cp $WORK/bare BareHmac $SECRET $WORK/body.json"
SIGN="sign --provider github --secret $SECRET --format value $WORK/body.json"
JAR="$JAVA -jar $ROOT/target/hooks.jar $SIGN"
BIN="$LAUNCHER $SIGN"

# Same signature from all three, or the comparison means nothing.
want=$($BARE | sed 's/.*: //')
for cmd in "$JAR" "$BIN"; do
    got=$(JAVA_HOME=${JAVA_HOME:-} $cmd)
    [ "$got" = "$want" ] || { echo "bench: '$cmd' printed '$got', expected '$want'" >&2; exit 1; }
done

# hyperfine runs each command's runs back to back; to alternate, run it in ROUNDS short rounds and pool them.
ROUNDS=${ROUNDS:-10}
PER=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
hyperfine -N --warmup "$WARMUP" --runs 2 -n bare "$BARE" -n "bin/hooks sign" "$BIN" -n "java -jar hooks.jar sign" "$JAR" >/dev/null
for r in $(seq "$ROUNDS"); do
    hyperfine -N --warmup 1 --runs "$PER" --style none --export-json "$WORK/h$r.json" \
        -n bare "$BARE" -n "bin/hooks sign" "$BIN" -n "java -jar hooks.jar sign" "$JAR"
done

JDK=$("$JAVA" -version 2>&1 | head -1)
python3 - "$WORK" "$JDK" "$((PER * ROUNDS))" "$ROUNDS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' > "$WORK/section.md"
import json, sys, datetime, glob, statistics
m = {}
for f in sorted(glob.glob(sys.argv[1] + "/h[0-9]*.json")):
    for r in json.load(open(f))["results"]:
        a = m.setdefault(r["command"], {"times": [], "user": [], "system": []})
        a["times"] += r["times"]
        a["user"] += [r["user"]] * len(r["times"])
        a["system"] += [r["system"]] * len(r["times"])
for a in m.values():
    a["mean"] = statistics.mean(a["times"]); a["stddev"] = statistics.stdev(a["times"])
    a["median"] = statistics.median(a["times"]); a["user"] = statistics.mean(a["user"]); a["system"] = statistics.mean(a["system"])
bare, bin_, jar = m["bare"], m["bin/hooks sign"], m["java -jar hooks.jar sign"]
ms = lambda r: f'{r["mean"]*1000:.0f} ms ± {r["stddev"]*1000:.0f}'
print("## Start-up: `hooks sign` against a bare-JDK HMAC program")
print()
print(f"Measured {datetime.date.today()} by `bench/startup/run.sh`: hyperfine, {sys.argv[3]} runs of each command in "
      f"{sys.argv[4]} alternating rounds after a warm-up; {sys.argv[5]} cores, load average {sys.argv[6]} at the end "
      "(the machine is shared: compare the ratios, which come from one run, not the absolute times).")
print(f"JDK: {sys.argv[2]}. Target: at most 1.5x the bare program (ambition 1.2x).")
print()
print("| command | mean | median | user+sys CPU | ratio to bare (mean) | ratio (median) | ratio (CPU) |")
print("|---|---|---|---|---|---|---|")
for name, r in (("bare JDK program (javac'd BareHmac)", bare), ("`bin/hooks sign` (launcher: C1, serial GC, CDS archive)", bin_),
                ("`java -jar target/hooks.jar sign` (no flags)", jar)):
    cpu = lambda x: x["user"] + x["system"]
    print(f'| {name} | {ms(r)} | {r["median"]*1000:.0f} ms | {cpu(r)*1000:.0f} ms | {r["mean"]/bare["mean"]:.2f}x '
          f'| {r["median"]/bare["median"]:.2f}x | {cpu(r)/cpu(bare):.2f}x |')
print()
print("Launcher flags for short commands: `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC` and `-XX:SharedArchiveFile`, a static "
      "archive the first run dumps from its class list and `hooks --version`'s (a dynamic one would leave picocli's "
      "pre-Java-6 classes out). A plain `sign` command line runs without picocli (`DirectSign`) either way; `java -jar` gets "
      "neither the archive nor the flags.")
PY

RESULTS=bench/RESULTS.md
[ -f "$RESULTS" ] || printf '# Benchmark results\n\nEach bench writes its own section; rerun the script named in a section to refresh it.\n' > "$RESULTS"
python3 - "$RESULTS" "$WORK/section.md" <<'PY'
import sys, re
path, section = sys.argv[1], open(sys.argv[2]).read().strip()
text = open(path).read()
block = "<!-- bench:startup -->\n" + section + "\n<!-- /bench:startup -->"
if "<!-- bench:startup -->" in text:
    text = re.sub(r"<!-- bench:startup -->.*?<!-- /bench:startup -->", lambda _: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
cat "$WORK/section.md"
