"""Local by default: config.toml and scripts/app.sh bind 127.0.0.1 unless asked for more."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.core.paths import REPO_ROOT

FAKE_PYTHON = """#!/usr/bin/env bash
if [[ "$1 $2" == "-m dashboard" ]]; then exec {python} "$@"; fi
echo "RUN $*"
"""


def test_streamlit_run_serves_this_computer_only():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"


@pytest.fixture
def fake_venv(tmp_path: Path) -> Path:
    """A venv whose python runs ``-m dashboard`` for real and prints any other command."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON.format(python=sys.executable))
    python.chmod(0o755)
    reqs = b"".join(p.read_bytes() for p in sorted(REPO_ROOT.glob("requirements*.txt")))
    (venv / f".installed-{hashlib.sha256(reqs).hexdigest()[:16]}-requirements.txt").touch()
    return venv


def app_sh(venv: Path, *args: str, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    done = subprocess.run(["bash", str(REPO_ROOT / "scripts" / "app.sh"), *args],
                          env={**base, "ATLAS_VENV": str(venv), **env}, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def test_app_sh_binds_loopback_and_says_editing_is_open_to_the_owner(fake_venv):
    out = app_sh(fake_venv)
    assert "serving this computer only (127.0.0.1)" in out
    assert "editing the corpus is OPEN" in out
    assert out.strip().splitlines()[-1].endswith("--server.address 127.0.0.1")


def test_app_sh_network_is_asked_for_and_editing_is_then_closed_without_login(fake_venv):
    out = app_sh(fake_venv, "--network", "--server.port", "9000")
    assert "serving the network (0.0.0.0)" in out and "CLOSED: everyone is a viewer" in out
    run = out.strip().splitlines()[-1]
    assert "--server.address 0.0.0.0" in run and "--server.port 9000" in run
    assert "--network" not in run
    out = app_sh(fake_venv, ATLAS_ADDRESS="10.0.0.5", ATLAS_EDITORS="*")
    assert "the network (10.0.0.5)" in out and "OPEN to whoever opens the app (an editor" in out
    assert app_sh(fake_venv, "--server.address=0.0.0.0").count("--server.address") == 1
