"""Run ``python -m dashboard ...`` with a fault injected at a named point.

Usage: ``python -m tests.faults.faultpoint POINT [dashboard args...]``.  ``POINT`` is
one of :data:`POINTS`; ``none`` runs the command unchanged.  "kill" points end the
process with SIGKILL (no cleanup, no ``finally``), as a power cut or the kernel's
OOM killer would.  Every process also refuses and records connections that leave
the loopback interface (``ATLAS_NET_LOG``), so a test can assert none was tried.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _guard_network() -> None:
    log = os.environ.get("ATLAS_NET_LOG")
    real_connect = socket.socket.connect

    def connect(self, address):  # noqa: ANN001
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
                "127.0.0.1", "::1", "localhost"):
            if log:
                with open(log, "a", encoding="utf-8") as fh:
                    fh.write(f"{host}\n")
            raise OSError(errno.ENETUNREACH, "network disabled in the fault suite")
        return real_connect(self, address)

    socket.socket.connect = connect


def _kill_on_replace(suffix: str, nth: int = 1) -> None:
    """SIGKILL just before the ``nth`` rename onto a path ending in ``suffix``."""
    real = os.replace
    seen = [0]

    def replace(src, dst, *a, **k):  # noqa: ANN001
        if str(dst).endswith(suffix):
            seen[0] += 1
            if seen[0] == nth:
                _kill()
        return real(src, dst, *a, **k)

    os.replace = replace


def _kill_after(module, name: str) -> None:
    real = getattr(module, name)

    def wrapper(*a, **k):  # noqa: ANN002, ANN003
        real(*a, **k)
        _kill()

    setattr(module, name, wrapper)


def _kill_before(module, name: str) -> None:
    setattr(module, name, lambda *a, **k: _kill())


def _install(point: str) -> None:
    from dashboard.core.corpus import store
    from dashboard.core.evidence import cachestore
    from dashboard.core.evidence import index as evidence

    if point == "none":
        return
    actions = {
        # build
        "build:mid-tables": lambda: _kill_on_parquet(3),
        "build:before-manifest": lambda: _kill_before(cachestore, "write_manifest"),
        "build:before-install": lambda: _kill_before(cachestore, "install"),
        "build:after-install": lambda: _kill_after(cachestore, "install"),
        # add
        "add:after-journal": lambda: _kill_on_replace(".txt"),
        "add:after-text": lambda: _kill_on_replace(".bak"),
        "add:after-backup": lambda: _kill_on_replace("sources.csv"),
        "add:before-journal-clear": lambda: _kill_before(store, "clear_journal"),
        # remove
        "remove:after-move": lambda: _kill_on_replace(".bak"),
    }
    actions[point]()
    del evidence  # imported so that the patched modules are the ones the CLI uses


def _kill_on_parquet(nth: int) -> None:
    """SIGKILL at the ``nth`` Parquet write (a whole frame, or a batch of a streamed file)."""
    import pandas as pd
    import pyarrow.parquet as pq

    real_frame, real_batch = pd.DataFrame.to_parquet, pq.ParquetWriter.write_table
    seen = [0]

    def count() -> None:
        seen[0] += 1
        if seen[0] == nth:
            _kill()

    def to_parquet(self, *a, **k):  # noqa: ANN001, ANN002, ANN003
        count()
        return real_frame(self, *a, **k)

    def write_table(self, *a, **k):  # noqa: ANN001, ANN002, ANN003
        count()
        return real_batch(self, *a, **k)

    pd.DataFrame.to_parquet = to_parquet
    pq.ParquetWriter.write_table = write_table


POINTS = ("none", "build:mid-tables", "build:before-manifest", "build:before-install",
          "build:after-install", "add:after-journal", "add:after-text", "add:after-backup",
          "add:before-journal-clear", "remove:after-move")


def main() -> int:
    """Install the fault and run the CLI with the remaining arguments."""
    point, args = sys.argv[1], sys.argv[2:]
    _guard_network()
    _install(point)
    from dashboard.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
