#!/usr/bin/env bash
# bench/store: `hooks listen` with its history on PostgreSQL against the same listener on SQLite, in one run,
# alternating after a warm-up; both commit every delivery durably before its 200 (SQLite: WAL fsynced; PostgreSQL:
# synchronous_commit=on, fsync on). PostgreSQL is Debian's, started from /usr/lib/postgresql/*/bin in a temporary
# directory on loopback (as the user postgres when run as root, which PostgreSQL refuses).
# Writes its section of bench/RESULTS.md. Expects target/hooks.jar; builds nothing.
#   bench/store/run.sh                          # ROUNDS=3 DURATION=10s WARMUP=10s WARMUP_RUNS=2 CONNS=64
#   LABEL="taken under load" bench/store/run.sh # a note on the section's first line
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$ROOT/target/hooks.jar
[ -f "$JAR" ] || { echo "bench/store: $JAR is missing: run 'mvn -B -DskipTests package' first" >&2; exit 2; }
need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need python3 python3
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then
  apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10s}
WARMUP_RUNS=${WARMUP_RUNS:-2}
LAUNCHER=hooks-cli/src/jreleaser/assemblers/java-archive/bin/launcher.tpl
JVM_OPTS=${JVM_OPTS:-$(sed -n 's/^listen_flags="\(.*\)"$/\1/p' "$LAUNCHER")}
export BENCH_SECRET=bench-secret
export BENCH_BODY='{"id":"d_1","event_type":"employee.updated","event_id":"evt_bench","timestamp":"2024-05-01T10:00:00.000Z","data":{"employee_id":"emp_42","changed_fields":["status"],"changes":{"status":{"old_value":"ACTIVE","new_value":"TERMINATED"}}}}'
export BENCH_SIGNATURE=$(printf '%s' "$BENCH_BODY" | openssl dgst -sha256 -hmac "$BENCH_SECRET" -hex | awk '{print $NF}')
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
AS=()
[ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
PGDATA=$WORK/pg
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$PGDATA/postmaster.pid" ] && "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SQLITE_PORT=3110 PG_LISTEN_PORT=3111 PG_PORT=3112
export PGPASSWORD=bench-pg-password
mkdir -p "$PGDATA"; printf '%s\n' "$PGPASSWORD" > "$WORK/pw"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK"
"${AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U hooks --pwfile="$WORK/pw" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null
PG_URL=postgresql://hooks@127.0.0.1:$PG_PORT/hooks
PGPASSWORD=$PGPASSWORD "$PGBIN/psql" -q -h 127.0.0.1 -p $PG_PORT -U hooks -d postgres -c 'CREATE DATABASE hooks' >/dev/null

DB=$WORK/history.db
HOME=$WORK java $JVM_OPTS -jar "$JAR" listen --provider paismo --secret "$BENCH_SECRET" --port $SQLITE_PORT \
  --store "$DB" --no-inspector --format json > /dev/null 2> "$WORK/sqlite.err" &
PIDS+=($!)
HOME=$WORK java $JVM_OPTS -jar "$JAR" listen --provider paismo --secret "$BENCH_SECRET" --port $PG_LISTEN_PORT \
  --store "$PG_URL" --name bench --no-inspector --format json > /dev/null 2> "$WORK/pg.err" &
PIDS+=($!)
declare -A URL=([sqlite]=http://127.0.0.1:$SQLITE_PORT/webhook [postgresql]=http://127.0.0.1:$PG_LISTEN_PORT/webhook)
for t in sqlite postgresql; do
  for i in $(seq 600); do curl -s -o /dev/null "${URL[$t]%/webhook}/" && break; sleep 0.1; done
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-Paismo-Signature: $BENCH_SIGNATURE" --data-binary "$BENCH_BODY" "${URL[$t]}" || true)
  [ "$code" = 200 ] || { echo "bench/store: the $t listener answered $code to a valid delivery" >&2; cat "$WORK/$t.err" >&2; exit 1; }
done

stored() {
  case $1 in
    sqlite) python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from deliveries').fetchone()[0])" "$DB" ;;
    postgresql) "$PGBIN/psql" -qtA -h 127.0.0.1 -p $PG_PORT -U hooks -d hooks -c 'select count(*) from deliveries' ;;
  esac
}
measure() { # DURATION URL -> "rps p99_ms requests non2xx p50_ms"
  local out; out=$(wrk -t2 -c"$CONNS" -d"$1" --latency -s bench/listen/post.lua "$2")
  python3 - "$out" <<'PY'
import re, sys
o = sys.argv[1]
def ms(v, u): return round(float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u], 3)
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', o).group(1))
p99 = re.search(r'\s99%\s+([\d.]+)(us|ms|s)', o)
p50 = re.search(r'\s50%\s+([\d.]+)(us|ms|s)', o)
total = int(re.search(r'(\d+) requests in', o).group(1))
non2 = re.search(r'Non-2xx or 3xx responses: (\d+)', o)
print(rps, ms(*p99.groups()), total, int(non2.group(1)) if non2 else 0, ms(*p50.groups()))
PY
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up ($WARMUP_RUNS runs of $WARMUP each)…" >&2
for t in sqlite postgresql; do
  for w in $(seq "$WARMUP_RUNS"); do measure "$WARMUP" "${URL[$t]}" > /dev/null; done
done
declare -A RPS P99 P50 ACK BEFORE
for t in sqlite postgresql; do ACK[$t]=0; BEFORE[$t]=$(stored $t); done
for r in $(seq "$ROUNDS"); do
  for t in sqlite postgresql; do
    read -r rps p99 total non2 p50 < <(measure "$DURATION" "${URL[$t]}")
    echo "round $r $t: $rps req/s, p50 $p50 ms, p99 $p99 ms, $total requests, $non2 non-2xx" >&2
    RPS[$t]="${RPS[$t]:-} $rps"; P99[$t]="${P99[$t]:-} $p99"; P50[$t]="${P50[$t]:-} $p50"
    ACK[$t]=$((ACK[$t] + total - non2))
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
sleep 1
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A M MP99 MP50 LOST STORED
for t in sqlite postgresql; do
  M[$t]=$(echo "${RPS[$t]}" | median); MP99[$t]=$(echo "${P99[$t]}" | median); MP50[$t]=$(echo "${P50[$t]}" | median)
  STORED[$t]=$(( $(stored $t) - BEFORE[$t] ))
  LOST[$t]=$(( ACK[$t] > STORED[$t] ? ACK[$t] - STORED[$t] : 0 ))
done
RATIO=$(python3 -c "print(f'{${M[postgresql]}/${M[sqlite]}:.2f}')")
SECTION=$WORK/section.md
{
  echo "<!-- bench:store -->"
  echo "## store: \`hooks listen\` with its history on PostgreSQL against SQLite"
  echo
  echo "$(date -u +%Y-%m-%d)${LABEL:+ ($LABEL)}, $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on the same machine (loopback, fsync on)."
  echo "wrk -t2 -c$CONNS -d$DURATION, one signed Paismo delivery ($(printf '%s' "$BENCH_BODY" | wc -c) bytes), $ROUNDS rounds alternating after a warm-up"
  echo "of $WARMUP_RUNS runs of $WARMUP each; medians of the rounds. Both run \`hooks listen --provider paismo --format json --no-inspector\`"
  echo "as \`java $JVM_OPTS -jar target/hooks.jar\`, one with \`--store FILE\` (WAL fsynced before each 200), the"
  echo "other with \`--store postgresql://...\` (committed with synchronous_commit=on before each 200)."
  echo
  echo "| history | req/s | vs SQLite | p50 | p99 | answered 2xx | stored | lost |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  echo "| SQLite file | ${M[sqlite]} | 1.00x | ${MP50[sqlite]} ms | ${MP99[sqlite]} ms | ${ACK[sqlite]} | ${STORED[sqlite]} | ${LOST[sqlite]} |"
  echo "| PostgreSQL | ${M[postgresql]} | ${RATIO}x | ${MP50[postgresql]} ms | ${MP99[postgresql]} ms | ${ACK[postgresql]} | ${STORED[postgresql]} | ${LOST[postgresql]} |"
  echo
  echo "- Rounds: SQLite [${RPS[sqlite]# }] req/s; PostgreSQL [${RPS[postgresql]# }] req/s."
  echo "- Load average (1, 5, 15 min) before the warm-up: $LOAD_BEFORE; after the last round: $LOAD_AFTER."
  echo "- Both share the group commit: one writer thread writes whatever is queued in one transaction. On PostgreSQL"
  echo "  each batch also takes the advisory lock that orders several listeners' transactions, sends one NOTIFY, and"
  echo "  its commit waits for the server's WAL flush; the server shares the machine's cores with the listener and wrk."
  echo "<!-- /bench:store -->"
} > "$SECTION"
python3 bench/results.py store < "$SECTION"
cat "$SECTION"
