#!/usr/bin/env bash
# Runs .ci/run with every core busy, to show that the suite holds on a loaded CI machine: starts
# LOAD_PER_CORE (default 2) CPU-bound busy loops per core, runs .ci/run, stops the loops whatever
# happens, and exits with .ci/run's exit code.
#   bash scripts/ci-under-load.sh            # 2 busy loops per core
#   LOAD_PER_CORE=4 bash scripts/ci-under-load.sh
set -uo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc)
per_core=${LOAD_PER_CORE:-2}
busy=()

stop_load() {
  if [ ${#busy[@]} -gt 0 ]; then
    kill "${busy[@]}" 2>/dev/null
    wait "${busy[@]}" 2>/dev/null
    busy=()
  fi
}
trap stop_load EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq $((cores * per_core))); do
  # A shell busy loop: pure CPU, no I/O, no memory.
  bash -c 'while :; do :; done' &
  busy+=("$!")
done
echo "==> ${#busy[@]} busy loops on ${cores} cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s)
bash .ci/run
status=$?
end=$(date +%s)

echo "==> .ci/run exited ${status} after $((end - start)) s under load; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
