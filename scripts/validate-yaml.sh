#!/usr/bin/env bash
# Validates action.yml, the workflows and the README's example workflows against the published
# schemas (@action-validator/cli).
# The validator's latest schema (0.6.0) predates `runs.using: node24`, which GitHub supports, so
# action.yml is checked as a copy with node20 in its place; that it really says node24 is checked
# here too.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qE '^  using: node24$' action.yml || { echo "action.yml: runs.using must be node24" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The validator tells an action from a workflow by the file name.
sed 's/^  using: node24$/  using: node20/' action.yml >"$dir/action.yml"
npx --no-install action-validator "$dir/action.yml"
echo "valid: action.yml"
# Its schema also predates the `attestations` permission (artifact attestations, which the
# release workflow writes): workflows are checked as copies without that one line.
for workflow in .github/workflows/*.yml docs/examples/*.yml; do
  copy="$dir/$(basename "$workflow")"
  sed -E '/^ +attestations: (read|write|none)$/d' "$workflow" >"$copy"
  npx --no-install action-validator "$copy"
  echo "valid: $workflow"
done
