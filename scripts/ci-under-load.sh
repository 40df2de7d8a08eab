#!/usr/bin/env bash
# Runs .ci/run with every core busy, to show that the suite holds on a loaded CI machine: starts
# LOAD_PER_CORE (default 2) CPU-bound busy loops per core, runs .ci/run, stops the loops (and
# .ci/run, if this script is stopped first) whatever happens, and exits with .ci/run's exit code.
#   bash scripts/ci-under-load.sh
#   LOAD_PER_CORE=4 bash scripts/ci-under-load.sh
set -uo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
per_core=${LOAD_PER_CORE:-2}
busy=()
ci=''

stop() {
  # .ci/run runs in its own process group (set -m): this stops npm, jest and the servers too.
  if [ -n "$ci" ]; then kill -- "-$ci" 2>/dev/null; fi
  if [ ${#busy[@]} -gt 0 ]; then kill "${busy[@]}" 2>/dev/null; fi
  wait 2>/dev/null
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq $((cores * per_core))); do
  # A shell busy loop: pure CPU, no I/O, no memory.
  bash -c 'while :; do :; done' &
  busy+=("$!")
done
echo "==> ${#busy[@]} busy loops on ${cores} cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s)
set -m
bash .ci/run &
ci=$!
set +m
# `wait` returns at once when a signal arrives, so the traps run without waiting for .ci/run.
wait "$ci"
status=$?
ci=''
end=$(date +%s)

echo "==> .ci/run exited ${status} after $((end - start)) s under load; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
