#!/usr/bin/env bash
# Runs `sure serve` builds in turn under bench/Sure.Bench serve-load (docs/benchmarks.md, issue 26):
#   MODEL=model.sure BENCH=path/to/Sure.Bench [CLIENTS=1,8,64] [REQUESTS=1280] [LIMIT_S=60] [TIMELINE=0] bench/serve-before-after.sh LABEL=CLI_DIR ...
# (LIMIT_S: seconds per row at most; TIMELINE=N: memory every N seconds of each row; SERVE_ENV: variables for the server, e.g. "MALLOC_ARENA_MAX=2")
# e.g. before=/tmp/batch-before-cli after=/tmp/batch-after-cli (each a published `sure`: dotnet publish src/Sure.Cli -c Release -o DIR).
# For each: start the server on loopback with --threads 1, wait for /healthz, load it, stop it.
set -u
: "${MODEL:?MODEL=model.sure}" "${BENCH:?BENCH=path to the Sure.Bench executable}"
port=${PORT:-5071}
for spec in "$@"; do
  label=${spec%%=*}; cli=${spec#*=}/sure
  env ${SERVE_ENV:-} "$cli" serve --model "$MODEL" --threads 1 --urls "http://127.0.0.1:$port" > "/tmp/serve-$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
  echo "== $label ($cli, pid $pid${SERVE_ENV:+, $SERVE_ENV}) $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$BENCH" serve-load "url=http://127.0.0.1:$port" "clients=${CLIENTS:-1,8,64}" "requests=${REQUESTS:-1280}" turns=10 "seconds=${LIMIT_S:-60}" "timeline=${TIMELINE:-0}" "pid=$pid"
  kill "$pid"; wait "$pid" 2>/dev/null
done
