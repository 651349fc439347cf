#!/usr/bin/env bash
# Set up the app's dependencies (first run only) and start it: bash scripts/app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements.txt
exec "$VENV/bin/python" -m streamlit run dashboard/app.py --browser.gatherUsageStats false "$@"
