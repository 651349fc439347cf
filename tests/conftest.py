"""Fixtures shared by every test folder: parser, built indexes (once per run), seed copies."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import SEEDS, copy_seeds, generated_docs


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
