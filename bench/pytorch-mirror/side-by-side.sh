#!/usr/bin/env bash
# Side by side, interleaved: SURE's C# training step (bench/Sure.Bench child) against the PyTorch mirror
# (sure_mirror.py), at each hidden size and thread count, ROUNDS rounds of A B A B ..., one process per case.
# One-thread cases are pinned to CPU core PIN (default 0); two-thread cases run unpinned. Each line of the output
# is the case's JSON with "label", "round" and "load" (the 1-minute load average just before the case) added.
#
#   BENCH=path/to/Sure.Bench.dll bench/pytorch-mirror/side-by-side.sh [OUT.jsonl]
#
# Environment: BENCH (required), BENCH_BEFORE (optional: a second build whose "after" step is labelled
# csharp-before), PYTHON (default /usr/bin/python3, with python3-torch), HIDDEN ("256 1024"), THREADS ("1 2"),
# ROUNDS (2), STEPS (timed steps per case; default 6 at hidden 256, 3 at 1024), CS_SETUPS ("after"),
# PT_OPTIMIZERS ("default foreach"), PIN (0).
set -euo pipefail
out=${1:-/dev/stdout}
here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH:?set BENCH to bench/Sure.Bench/bin/Release/net10.0/Sure.Bench.dll (a copy)}"
PYTHON=${PYTHON:-/usr/bin/python3}
HIDDEN=${HIDDEN:-256 1024}
THREADS=${THREADS:-1 2}
ROUNDS=${ROUNDS:-2}
CS_SETUPS=${CS_SETUPS:-after}
PT_OPTIMIZERS=${PT_OPTIMIZERS:-default foreach}
PIN=${PIN:-0}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}   # what sure and Sure.Bench set for themselves
[ "$out" = /dev/stdout ] || : > "$out"
run_case() { # label, threads, command...
  local label=$1 threads=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local pin=()
  [ "$threads" = 1 ] && pin=(taskset -c "$PIN")
  local json; json=$("${pin[@]}" "$@" | tail -n 1)
  echo "${json%\}}, \"label\": \"$label\", \"round\": $round, \"load\": $load}" >> "$out"
}
for round in $(seq 1 "$ROUNDS"); do
  for h in $HIDDEN; do
    heads=$([ "$h" -ge 1024 ] && echo 8 || echo 4)
    steps=${STEPS:-$([ "$h" -ge 1024 ] && echo 3 || echo 6)}
    for t in $THREADS; do
      if [ -n "${BENCH_BEFORE:-}" ]; then
        run_case csharp-before "$t" dotnet "$BENCH_BEFORE" child "$h" "$heads" 4 50 "$steps" "$t" after
      fi
      for s in $CS_SETUPS; do
        run_case "csharp-$s" "$t" dotnet "$BENCH" child "$h" "$heads" 4 50 "$steps" "$t" "$s"
      done
      for o in $PT_OPTIMIZERS; do
        run_case "pytorch-$o" "$t" "$PYTHON" "$here/sure_mirror.py" --hidden "$h" --heads "$heads" --threads "$t" --steps "$steps" --optimizer "$o"
      done
    done
  done
done
