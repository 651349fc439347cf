#!/usr/bin/env bash
# Set up everything the test suite needs and run every tier: lint, import contracts, then
# fast (unit, contracts, AppTests), slow, faults and browser, each with its JUnit report.
# Fails when any tier fails or did not run (scripts/check_junit.py).
# Usage: bash scripts/test.sh [extra pytest args, passed to every tier]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements-dev.txt
ensure_chromium

echo "== ruff"
"$VENV/bin/ruff" check .

echo "== import contracts"
"$VENV/bin/lint-imports" --no-logo

mkdir -p artifacts
rm -f artifacts/junit-*.xml
export ATLAS_REQUIRE_BROWSER=1
# tier name, marker expression, pytest-xdist workers (the browser journeys measure latency
# and the fault cases start servers: one at a time)
TIERS=(
  "fast|not browser and not faults and not slow|auto"
  "slow|slow and not browser and not faults|auto"
  "faults|faults|0"
  "browser|browser and not faults|0"
)
failed=0
for tier in "${TIERS[@]}"; do
  IFS="|" read -r name expr workers <<<"$tier"
  echo "== pytest: $name tier"
  started=$SECONDS
  set +e
  "$VENV/bin/python" -m pytest -m "$expr" -n "$workers" \
    --junitxml="artifacts/junit-$name.xml" "$@"
  status=$?
  set -e
  echo "== $name tier: exit $status in $((SECONDS - started)) s"
  [ "$status" -eq 0 ] || failed=1
done
"$VENV/bin/python" scripts/check_junit.py artifacts/junit-{fast,slow,faults,browser}.xml || failed=1
exit "$failed"
