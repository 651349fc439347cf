"""Fixtures of the fault-injection suite: a private corpus and cache, a guarded CLI.

Every case asserts the same four things (:func:`check_outcome`): no traceback, no
connection attempt beyond loopback, the corpus byte-identical or the one intended
change complete, and the app serving the map afterwards (:func:`assert_app_serves_map`).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.core.corpus import store, store_files, store_journal
from dashboard.core.corpus.loader import corpus_names
from tests.helpers import lock_is_free

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "dashboard" / "app.py")
SEEDS = REPO / "seeds"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Env:
    """Folders of one fault case."""

    root: Path
    seeds: Path
    cache: Path
    net_log: Path

    def environ(self, **extra: str) -> dict[str, str]:
        """Environment of a subprocess run against this case's folders."""
        return {**os.environ, "ATLAS_SEEDS_DIR": str(self.seeds),
                "ATLAS_CACHE_DIR": str(self.cache), "ATLAS_STORAGE": "local",
                "ATLAS_NET_LOG": str(self.net_log), "PYTHONPATH": str(REPO), **extra}


@dataclass
class Result:
    """Outcome of one CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def env(tmp_path, monkeypatch) -> Env:
    """A copy of the seed corpus and an empty cache, used by the app and the CLI."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    case = Env(tmp_path, seeds, tmp_path / "cache", tmp_path / "net.log")
    for key, value in case.environ().items():
        if key.startswith("ATLAS_"):
            monkeypatch.setenv(key, value)
    restart_app()
    return case


def restart_app() -> None:
    """Forget the app's in-process caches, as a server restart does."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def no_outside_connections(monkeypatch):
    """In-process code (AppTest runs) may not connect beyond loopback: record and refuse."""
    tried: list[str] = []
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            tried.append(host)
            raise OSError(errno.ENETUNREACH, "network disabled in the fault suite")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield
    assert tried == [], f"outside connections attempted: {tried}"


def cli(env: Env, *args: str, point: str = "none", prefix: tuple[str, ...] = (),
        timeout: float = 180, **extra: str) -> Result:
    """Run ``python -m dashboard ARGS`` with fault ``point`` (see ``faultpoint.py``)."""
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "tests.faults.faultpoint", point, *args],
        cwd=REPO, env=env.environ(**extra), capture_output=True, text=True, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every article file and ``sources.csv`` with its bytes (what the analyst owns)."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir())
            if p.is_file() and not p.name.startswith(".")}


def no_traceback(*texts: str) -> None:
    """Assert that no output shows a Python traceback or a server path."""
    for text in texts:
        assert "Traceback" not in text, text
        assert str(REPO) not in text, text


def no_outside_request(env: Env) -> None:
    """Assert that no subprocess of the case tried to reach the network."""
    tried = env.net_log.read_text() if env.net_log.exists() else ""
    assert tried == "", f"outside connections attempted: {tried}"


def assert_corpus_consistent(seeds: Path) -> None:
    """Every article file has its row and every row its file; no journal, held lock or .part."""
    table = store.read_sources_table(seeds)
    files = {name for name in corpus_names(seeds) if not name.startswith(".")}  # no README
    assert {r["file"] for r in table.rows} == files
    assert not (seeds / store_journal.JOURNAL_NAME).exists()
    assert lock_is_free(seeds)
    assert store_files.leftover_partials(seeds) == []


def assert_app_serves_map(env: Env, page: str | None = None, restart: bool = True) -> None:
    """The app (restarted) runs without exception on the case's folders and draws the map."""
    from streamlit.testing.v1 import AppTest

    if restart:
        restart_app()
    at = AppTest.from_file(APP, default_timeout=120)
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    if page is None:
        comps = [c for c in at.get("component_instance")
                 if getattr(c.proto, "component_name", "").endswith(".atlas_map")]
        assert comps, "no map on the page"
        assert json.loads(comps[0].proto.json_args)["layers"]


def can_mount() -> bool:
    """Tell whether private mount namespaces are available (real ENOSPC/EROFS cases)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0
