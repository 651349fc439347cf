"""Fixtures shared by every test folder: the parser (built once per run) and seed copies."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from tests.helpers import copy_original_seeds, copy_seeds


@functools.cache
def _shared_parser():
    from dashboard.core.evidence import index as evidence

    return evidence.make_parser()


@pytest.fixture(scope="session")
def parser():
    """The gazetteer and corridor parser of the shipped geodata (read-only; ~1 s to build)."""
    return _shared_parser()


@pytest.fixture(scope="session")
def geoparser():
    """The toponym parser alone (:attr:`dashboard.core.evidence.index.Parser.geo`), same build."""
    return _shared_parser().geo


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus at ``tmp_path / "seeds"``."""
    return copy_seeds(tmp_path / "seeds")


@pytest.fixture
def original_seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of only the five original seeds (what the gold and the counts are for)."""
    return copy_original_seeds(tmp_path / "seeds")


@pytest.fixture
def corpus(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable seed copy the app uses: ``ATLAS_SEEDS_DIR`` and a private ``ATLAS_CACHE_DIR``."""
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds_copy))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    return seeds_copy
