"""Adding, changing or removing one article re-analyses that article only.

A generated corpus is built once; then one article is added, one edited, one's
``sources.csv`` row changed and one deleted. Each rebuild analyses exactly the articles
that changed (counted at the parser), reads only changed files (counted at the file
hasher), and the index it gives equals a full build of the same folder.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.corpus import loader as corpus
from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import index as evidence
from dashboard.core.evidence import stream as evidence_stream
from dashboard.core.evidence.index import TABLES, build_index

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402

N_DOCS = 1000


@pytest.fixture
def counted(monkeypatch):
    """Files analysed and files hashed, per rebuild."""
    parsed: list[str] = []
    hashed: list[str] = []
    real_process, real_digest = evidence_stream.process_document, corpus.file_digest

    def process(doc, parser):
        parsed.append(doc.file)
        return real_process(doc, parser)

    def digest(path):
        if Path(path).parent.name == "seeds":  # the corpus' files (not geodata, code)
            hashed.append(Path(path).name)
        return real_digest(path)

    monkeypatch.setattr(evidence_stream, "process_document", process)
    monkeypatch.setattr(evidence, "file_digest", digest)
    monkeypatch.setattr(corpus, "_DIGESTS", {})  # no memory of this process
    return parsed, hashed


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _assert_equals_full_build(entry: Path, seeds: Path, parser) -> None:
    got = evidence_cache.load_whole(entry)
    want = build_index(load_corpus(seeds), parser)
    keys = {"documents": ["doc_id"], "sentences": ["doc_id", "start"],
            "mentions": ["doc_id", "start", "end"], "places": ["place_id"],
            "corridor_links": ["doc_id", "start", "corridor"]}
    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(getattr(got, name), keys[name]),
                                      _sorted(getattr(want, name), keys[name]),
                                      check_dtype=False, obj=name)
    assert got.texts == want.texts


def _rows(seeds: Path) -> list[dict]:
    with (seeds / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_rows(seeds: Path, rows: list[dict]) -> None:
    with (seeds / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow  # a 1,000-document build
def test_one_article_changes_reanalyse_that_article_only(tmp_path, parser, counted):
    parsed, hashed = counted
    docs = corpus_gen.generate(N_DOCS, seed=29)
    seeds = corpus_gen.write_corpus(docs, tmp_path / "seeds")
    cache = tmp_path / "cache"
    build = lambda: evidence_cache.load_or_build(seeds, cache=cache,  # noqa: E731
                                                  parser=lambda: parser)
    build()
    assert len(parsed) == N_DOCS
    parsed.clear(), hashed.clear()

    # a rerun without changes reads nothing and analyses nothing
    first = build()
    assert (parsed, hashed) == ([], [])

    # add one article
    extra = corpus_gen.generate(1, seed=30)[0]
    (seeds / "zz_new.txt").write_text(extra.text, encoding="utf-8")
    _write_rows(seeds, [*_rows(seeds), {**_rows(seeds)[0], "id": "zz_new", "file": "zz_new.txt",
                                        "title": "A new article"}])
    added = build()
    assert added != first
    assert parsed == ["zz_new.txt"]
    assert sorted(hashed) == ["sources.csv", "zz_new.txt"]
    index = evidence_cache.open_index(added)
    assert "zz_new" in set(index.documents["doc_id"])
    assert index.documents.set_index("doc_id").loc["zz_new", "title"] == "A new article"
    parsed.clear(), hashed.clear()

    # edit one article's text, another's metadata, delete a third
    victim = sorted(p.name for p in seeds.glob("gen*.txt"))[5]
    (seeds / victim).write_text("Trains now run from Kars to Tbilisi.", encoding="utf-8")
    rows = _rows(seeds)
    rows[7]["title"] = "Retitled"
    _write_rows(seeds, rows)
    (seeds / "gen000009.txt").unlink()
    build()
    assert sorted(parsed) == sorted([victim, rows[7]["file"]])
    assert sorted(hashed) == sorted(["sources.csv", victim])
    entry = evidence_cache.load_or_build(seeds, cache=cache, parser=lambda: parser)
    _assert_equals_full_build(entry, seeds, parser)
    stored = evidence_cache.open_index(entry)
    assert "gen000009" not in set(stored.documents["doc_id"])
    assert stored.texts[Path(victim).stem] == "Trains now run from Kars to Tbilisi."


def test_a_deep_stack_is_merged_without_reanalysing(tmp_path, parser, counted):
    parsed, _ = counted
    seeds = corpus_gen.write_corpus(corpus_gen.generate(12, seed=31), tmp_path / "seeds")
    cache = tmp_path / "cache"
    entry = evidence_cache.load_or_build(seeds, cache=cache, parser=lambda: parser)
    for i in range(evidence_cache.MAX_LAYERS + 2):
        parsed.clear()
        text = corpus_gen.generate(1, seed=40 + i)[0].text
        (seeds / f"zz{i:02d}.txt").write_text(text, encoding="utf-8")
        entry = evidence_cache.load_or_build(seeds, cache=cache, parser=lambda: parser)
        assert parsed == [f"zz{i:02d}.txt"]
        assert len(evidence_cache.layers(entry)) <= evidence_cache.MAX_LAYERS
    _assert_equals_full_build(entry, seeds, parser)
