#!/usr/bin/env bash
# Measures Parley and Prosody with the same scenarios in one run, on this machine: each
# server pinned to core 1, the load generator to core 0 (as the XMPP issue's peer figures
# were taken). Build first: mvn -B install -DskipTests. Output: a table per server, also
# written to bench/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SCENARIOS=${SCENARIOS:-logins,idle,chat,steady,presence}
# SERVERS=parley measures Parley alone (while working on it); the figures to report are a run of both.
SERVERS=${SERVERS:-parley,prosody}
# BENCH_ARGS passes more options to every run, e.g. "--stream-management true" or "--address full";
# BENCH_JVM_ARGS options to the load generator's JVM (e.g. a GC log); H2_EXTRA settings appended
# to Parley's embedded database URL (e.g. ";CACHE_SIZE=4096"), for experiments.
BENCH="taskset -c 0 java ${BENCH_JVM_ARGS:-} -jar bench/target/parley-bench.jar ${BENCH_ARGS:-}"
OUT=bench/target/results.md
FIRST=bench/target/first-pass.md
: > "$OUT"
: > "$FIRST"
# WARMUP=0 skips the first pass (quicker, for work in progress).
WARMUP=${WARMUP:-1}
cleanup() {
  mvn -B -q -pl liberty-config liberty:stop > /dev/null 2>&1 || true
  pkill -f 'prosody --config' 2> /dev/null || true
}
trap cleanup EXIT

# The machine is shared and its speed moves (by half within an hour, for every server): a
# fixed Java workload on the server's core, before and after each server's run, says how
# fast it was, so that runs compare.
speed() {
  echo "| machine speed $1 (fixed Java workload on core 1) | $(taskset -c 1 java -Xmx256m -cp bench/target/parley-bench.jar im.parley.bench.MachineSpeed) |" \
    | tee -a "$OUT"
}

# Measures one running server. The idle scenario comes first, on the freshly started server:
# its figure is the growth of the server's resident memory, which memory touched or left
# behind by earlier scenarios would muddle.
# The other scenarios run twice: a server runs for days, and what a user meets is the warm
# one. The first pass, right after start (for Parley also the pass in which the JIT compiler
# still takes much of the server's core), goes to bench/target/first-pass.md; the second is
# the result. Both servers get the same treatment.
measure() {
  local port=$1 pid=$2 name=$3 prefix=$4 rest
  rest=$(echo "$SCENARIOS" | tr ',' '\n' | { grep -vx idle || true; } | paste -sd, -)
  if [[ ",$SCENARIOS," == *",idle,"* ]]; then
    $BENCH --scenario idle --port "$port" --server-pid "$pid" --name "$name" --prefix "${prefix}i" | tee -a "$OUT"
  fi
  if [[ -n "$rest" && "$WARMUP" != 0 ]]; then
    echo "-- $name: first pass (warm-up, reported in $FIRST)"
    $BENCH --scenario "$rest" --port "$port" --server-pid "$pid" --name "$name, first pass" --prefix "${prefix}w" \
      | tee -a "$FIRST"
    echo "-- $name: measured pass"
  fi
  # RUNS=N repeats the measured pass N times on the same server: runs of one build spread
  # widely on this machine, so a change is shown by several runs, not by one.
  if [[ -n "$rest" ]]; then
    for run in $(seq 1 "${RUNS:-1}"); do
      $BENCH --scenario "$rest" --port "$port" --server-pid "$pid" --name "$name${RUNS:+, run $run}" --prefix "${prefix}m$run" \
        | tee -a "$OUT"
    done
  fi
}

wait_for_port() {
  for _ in $(seq 1 180); do
    if (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

if [[ ",$SERVERS," == *",parley,"* ]]; then
echo "== Parley"
speed "before Parley"
# A heap of fixed size: with a growing one, whether the JVM happened to enlarge it while the
# idle connections were opened moved the RSS per connection between 10 and 18 KiB from run
# to run; with a fixed one runs agree, and the figure is what the connections cost.
FIXED_HEAP="-Xms1g -Xmx1g"
# Deep stacks, so a profile shows which service call a database access belongs to.
PROFILE_JVM_ARGS=${PROFILE:+-XX:FlightRecorderOptions:stackdepth=512}
# A fresh embedded database for every run, as Prosody gets a fresh data directory: figures
# measured on the accounts and archive of earlier runs were slower run after run.
# A fresh certificate too (Parley makes an ECDSA P-256 one on first start; Prosody gets the same kind below).
RUN_DIR="$PWD/bench/target/db-$(date +%s)"
PARLEY_DB_URL="jdbc:h2:file:$RUN_DIR/parley;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0${H2_EXTRA:-}" \
PARLEY_XMPP_KEYSTORE="$RUN_DIR/xmpp.p12" \
JVM_ARGS="${JVM_ARGS:-$FIXED_HEAP} $PROFILE_JVM_ARGS" PARLEY_XMPP_REGISTRATION=true taskset -c 1 mvn -B -q -pl liberty-config liberty:run > bench/target/parley-server.log 2>&1 &
wait_for_port 5222
PARLEY_PID=$(pgrep -f 'ws-server.jar.*parley$|ws-server.jar.* parley( |$)' | head -1)
# PROFILE=1 records where Parley's time goes (Java Flight Recorder) into bench/target/parley.jfr.
if [[ -n "${PROFILE:-}" ]]; then
  jcmd "$PARLEY_PID" JFR.start name=bench settings=profile filename="$PWD/bench/target/parley.jfr" > /dev/null
fi
measure 5222 "$PARLEY_PID" Parley "p$(date +%s)"
if [[ -n "${PROFILE:-}" ]]; then
  jcmd "$PARLEY_PID" JFR.stop name=bench > /dev/null
fi
mvn -B -q -pl liberty-config liberty:stop > /dev/null 2>&1 || true
speed "after Parley"
fi

if [[ ",$SERVERS," == *",prosody,"* ]]; then
echo "== Prosody"
command -v prosody > /dev/null || apt-get install -y prosody > /dev/null
speed "before Prosody"
PROSODY_DIR=$(mktemp -d)
mkdir -p "$PROSODY_DIR/data"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PROSODY_DIR/localhost.key" -out "$PROSODY_DIR/localhost.crt" \
  -days 30 -subj "/CN=localhost" 2> /dev/null
PROSODY_DIR=$PROSODY_DIR PROSODY_PORT=5322 taskset -c 1 prosody --config bench/prosody/prosody.cfg.lua \
  > "$PROSODY_DIR/stdout.log" 2>&1 &
PROSODY_PID=$!
wait_for_port 5322
measure 5322 "$PROSODY_PID" Prosody "q$(date +%s)"
kill "$PROSODY_PID" 2> /dev/null || true
pkill -f 'prosody --config' 2> /dev/null || true
speed "after Prosody"
fi
echo "Results in $OUT (first passes in $FIRST)"
