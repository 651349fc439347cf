#!/usr/bin/env bash
# Set up everything the test suite needs and run the whole suite (lint, unit, contract,
# AppTest and real-browser tests).  Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements-dev.txt
ensure_chromium

echo "== ruff"
"$VENV/bin/ruff" check .

echo "== pytest"
mkdir -p artifacts
export ATLAS_REQUIRE_BROWSER=1
set +e
"$VENV/bin/python" -m pytest --junitxml=artifacts/junit.xml "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "FAIL: no test was collected" >&2
  exit 1
fi
"$VENV/bin/python" scripts/check_junit.py artifacts/junit.xml
exit "$status"
