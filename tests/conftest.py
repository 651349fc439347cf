"""Test tiers, and fixtures shared by every test folder: parser, built indexes, seed copies.

Tiers (docs/development.md): ``browser`` (every test under ``tests/browser``), ``faults``
(under ``tests/faults``) and ``slow`` (marked where they are) are left out of a run
that names no ``-m`` expression, unless the test's file, or its tier's folder, is named
on the command line; the rest is the fast tier, what ``pytest`` alone runs.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import SEEDS, copy_original_seeds, copy_seeds, generated_docs

TESTS = Path(__file__).resolve().parent
TIERS = ("browser", "faults", "slow")
#: Folders whose tests all carry their tier's marker.
TIER_FOLDERS = {"browser": TESTS / "browser", "faults": TESTS / "faults"}


_PRIVATE_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Give the run (each xdist worker) a private cache unless one is set."""
    if "ATLAS_CACHE_DIR" not in os.environ:
        _PRIVATE_CACHE.append(tempfile.mkdtemp(prefix="atlas-test-cache-"))
        os.environ["ATLAS_CACHE_DIR"] = _PRIVATE_CACHE[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the private cache of :func:`pytest_configure`."""
    while _PRIVATE_CACHE:
        os.environ.pop("ATLAS_CACHE_DIR", None)
        shutil.rmtree(_PRIVATE_CACHE.pop(), ignore_errors=True)


def _named(config: pytest.Config) -> list[Path]:
    """The paths named on the command line (none when pytest fell back to testpaths)."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return []
    root = Path(config.invocation_params.dir)
    return [(root / arg.split("::")[0]).resolve() for arg in config.args]


def _asked_for(path: Path, tier: str, named: list[Path]) -> bool:
    """Tell whether the command line names this test's file or its tier's folder."""
    home = TIER_FOLDERS.get(tier)
    return any(path == p or (home is not None and p.is_dir() and path.is_relative_to(p)
                             and p.is_relative_to(home)) for p in named)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tier folders' tests; keep the fast tier only when nothing else was asked."""
    for item in items:
        for tier, home in TIER_FOLDERS.items():
            if Path(item.path).is_relative_to(home):
                item.add_marker(tier)
    if config.option.markexpr:
        return
    named = _named(config)
    keep, drop = [], []
    for item in items:
        tiers = [t for t in TIERS if item.get_closest_marker(t)]
        asked = not tiers or any(_asked_for(Path(item.path).resolve(), t, named) for t in tiers)
        (keep if asked else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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


@dataclass(frozen=True)
class Built:
    """An index made by the real build (:func:`dashboard.core.evidence.cache.build_folder`).

    ``index`` is the :class:`~dashboard.core.evidence.sql.StoredIndex` the app would hold,
    ``docs`` the documents it was built from and ``folder`` its files.
    """

    name: str
    docs: list
    folder: Path
    index: object


def _build(name: str, docs: list, root: Path) -> Built:
    from dashboard.core.evidence import cache as evidence_cache

    folder = evidence_cache.build_folder(docs, root / name)
    return Built(name, docs, folder, evidence_cache.open_index(folder))


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed corpus built to Parquet and opened as the app opens it (read-only)."""
    from dashboard.core.corpus.loader import load_corpus

    return _build("seeds", load_corpus(SEEDS), tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def generated_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A generated 40-document corpus (``bench/corpus_gen.py``), built and opened."""
    return _build("generated", generated_docs(40, seed=11), tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session", params=["seeds", "generated"])
def built(request: pytest.FixtureRequest) -> Built:
    """Each of :func:`seeds_built` and :func:`generated_built` in turn."""
    return request.getfixturevalue(f"{request.param}_built")
