"""A replicated index (bench/corpus_gen.replicate_index) equals building the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from dashboard.core.evidence.index import TABLES, build_index, load_index
from dashboard.core.evidence.stream import build_to_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402


def test_replicated_index_equals_the_built_index(parser, tmp_path):
    base = corpus_gen.generate(6, seed=21)
    docs = corpus_gen.replicate(base, 15)
    build_to_folder(base, parser, tmp_path / "base")
    corpus_gen.replicate_index(tmp_path / "base", base, docs, tmp_path / "copy")
    got, want = load_index(tmp_path / "copy"), build_index(docs, parser)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name),
                                      check_dtype=False, obj=name)
    assert got.texts == want.texts
    search = pd.read_parquet(tmp_path / "copy" / "search.parquet")
    assert set(search["doc_id"]) == {d.doc_id for d in docs}
