# Shared set-up helpers for scripts/app.sh and scripts/test.sh (sourced, not run).
VENV="${ATLAS_VENV:-.venv}"

_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

_apt_install() {
  _as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive _as_root apt-get install -y -q --no-install-recommends "$@"
}

# Create the virtual environment and install a requirements file when it changed.
ensure_venv() {
  local req="$1" stamp
  if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      echo "python3 -m venv failed; installing Debian's python3-venv" >&2
      rm -rf "$VENV"
      _apt_install python3-venv
      python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
  stamp="$VENV/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$req")"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q -r "$req"
    touch "$stamp"
  fi
}

# Debian's chromium drives the browser tests (Playwright cannot download its own here).
ensure_chromium() {
  if [ ! -x "${ATLAS_CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "Installing Debian chromium for the browser tests" >&2
    _apt_install chromium
  fi
}
