#!/usr/bin/env bash
# Validates action.yml against the published schema (@action-validator/cli).
# The validator's latest schema (0.6.0) predates `runs.using: node24`, which GitHub supports, so it
# checks a copy with node20 in its place; that the action really says node24 is checked here too.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qE '^  using: node24$' action.yml || { echo "action.yml: runs.using must be node24" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The validator tells an action from a workflow by the file name.
sed 's/^  using: node24$/  using: node20/' action.yml >"$dir/action.yml"
npx --no-install action-validator "$dir/action.yml"
echo "action.yml is valid"
