#!/usr/bin/env bash
# Set up the app's dependencies (first run only) and start it: bash scripts/app.sh [--network]
#
# Local by default: the app listens on 127.0.0.1 (this computer only). To share it on purpose,
# pass --network (every interface, 0.0.0.0) or set ATLAS_ADDRESS to the address to bind.
# Who may edit then is decided by login and ATLAS_EDITORS/ATLAS_ADMINS (docs/deploy.md);
# the app says at start where it serves and whether editing is open.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements.txt
address="${ATLAS_ADDRESS:-127.0.0.1}"
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --network) address="0.0.0.0" ;;
    --server.address) address="${2:?--server.address needs a value}"; shift ;;
    --server.address=*) address="${1#*=}" ;;
    *) args+=("$1") ;;
  esac
  shift
done
"$VENV/bin/python" -m dashboard access --address "$address"
exec "$VENV/bin/python" -m streamlit run dashboard/app.py --browser.gatherUsageStats false \
  --server.address "$address" ${args[@]+"${args[@]}"}
