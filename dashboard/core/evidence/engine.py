"""Shared helpers of the build engines (local and Dask)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build.

    A build allocates millions of small, acyclic row objects that all stay alive until
    the tables are assembled; every full collection re-scans all of them, which makes the
    cost per document grow with the corpus (10k documents: 1.4 ms per document instead
    of 0.7). Reference counting still frees everything; only cycle detection waits
    until the block ends.

    Yields
    ------
    None
        Inside the block the collector is disabled (restored afterwards, even on error).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
