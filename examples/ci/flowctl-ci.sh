#!/usr/bin/env bash
# flowctl in CI, as a plain shell step (any CI system).
#
#   examples/ci/flowctl-ci.sh PIPELINE TARGET:DIR [TARGET:DIR ...]
#
# 1. Validates PIPELINE with --strict. Under GitHub Actions (GITHUB_ACTIONS=true) the
#    diagnostics are workflow-command annotations on the offending lines; elsewhere, text
#    with file:line:col and a code frame.
# 2. For each TARGET:DIR, checks that the artifacts committed in DIR are exactly what
#    `flowctl translate -f PIPELINE -o TARGET --out-dir DIR` writes; prints a unified diff of
#    every difference and lists missing and extra files.
# Exits 1 if any step fails, after running all of them. FLOWCTL overrides the command.
set -uo pipefail

if [ "$#" -lt 1 ]; then
  echo "usage: $0 PIPELINE [TARGET:DIR ...]" >&2
  exit 2
fi
flowctl=${FLOWCTL:-flowctl}
pipeline=$1
shift
format=text
if [ "${GITHUB_ACTIONS:-}" = "true" ]; then format=github; fi

status=0
echo "== flowctl validate $pipeline"
$flowctl validate --strict --format "$format" -- "$pipeline" || status=1

for spec in "$@"; do
  target=${spec%%:*}
  dir=${spec#*:}
  echo "== flowctl translate -o $target --out-dir $dir --check"
  if ! $flowctl translate -f "$pipeline" -o "$target" --out-dir "$dir" --check; then
    echo "$dir is stale: run 'flowctl translate -f $pipeline -o $target --out-dir $dir' and commit the result." >&2
    status=1
  fi
done
exit "$status"
