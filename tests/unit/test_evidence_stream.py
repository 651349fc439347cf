"""The batch-by-batch build writes the same index as building in memory and saving it."""

import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import stream as evidence_stream
from dashboard.core.evidence.index import TABLES, build_index, load_index, make_parser, save_index
from dashboard.core.paths import seeds_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402


@pytest.fixture(scope="module")
def parser():
    return make_parser()


@pytest.mark.parametrize(("corpus", "batch"), [("seeds", 2), ("generated", 7), ("empty", 3)])
def test_streamed_index_equals_the_in_memory_build(corpus, batch, parser, tmp_path):
    docs = {"seeds": lambda: load_corpus(seeds_dir()),
            "generated": lambda: corpus_gen.generate(40, seed=5),
            "empty": lambda: []}[corpus]()
    save_index(build_index(docs, parser), tmp_path / "memory")
    assert evidence_stream.build_to_folder(iter(docs), parser, tmp_path / "stream",
                                           batch_docs=batch) == len(docs)
    want, got = load_index(tmp_path / "memory"), load_index(tmp_path / "stream")
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name),
                                      check_dtype=False, obj=name)
    assert got.texts == want.texts
    texts = pd.read_parquet(tmp_path / "stream" / "texts.parquet")
    assert dict(zip(texts["doc_id"], texts["text"], strict=True)) == want.texts
