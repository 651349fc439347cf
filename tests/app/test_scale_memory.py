"""The map page on a 10,000-article corpus holds only what it shows.

The corpus is generated (bench/corpus_gen): 10,000 article files whose texts cycle
through 300 generated ones, and its index is written by copying the rows of those 300
(``replicate_index``, equal to building it; tested in tests/unit/test_corpus_gen.py), so
the test needs one small build. The app then opens that index from the cache like any
other. Checked while the page draws the map, selects the most mentioned place (thousands
of excerpts), pages to page 2 and searches:

* no whole ``mentions``/``sentences``/``corridor_links`` table is ever materialised,
  and nothing reads Parquet through pandas;
* every excerpt query asks for one page (15 rows);
* Python memory allocated during those reruns (``tracemalloc`` peak; 35 MB when
  written, mostly the 10,000 source labels and the search's matching keys) stays
  under half of what the mentions table alone takes in memory (104 MB); loading the
  index whole, as the app did before, allocates all of it plus sentences and texts.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence import cachestore, voices
from dashboard.core.evidence import sql as evidence_sql
from dashboard.core.evidence.stream import build_to_folder
from dashboard.core.paths import geodata_dir
from dashboard.ui import cache as ui_cache
from dashboard.ui import session as keys

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import corpus_gen  # noqa: E402

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
N_DOCS = 10_000
pytestmark = pytest.mark.slow  # a 10,000-document corpus


@pytest.fixture(scope="module")
def big(tmp_path_factory, parser):
    root = tmp_path_factory.mktemp("big")
    base = corpus_gen.generate(300, seed=17)
    docs = corpus_gen.replicate(base, N_DOCS)
    seeds = corpus_gen.write_corpus(docs, root / "seeds")
    build_to_folder(base, parser, root / "base")
    tmp = cachestore.new_build_folder(root / "cache" / "evidence")
    corpus_gen.replicate_index(root / "base", base, docs, tmp)
    entry = evidence_cache.adopt(tmp, seeds, geodata_dir(), root / "cache")
    store = evidence_sql.EvidenceStore(entry)
    mentions_bytes = int(store.frame("mentions").memory_usage(deep=True).sum())
    top = store.sql("SELECT place_id FROM places ORDER BY mention_count DESC LIMIT 1")
    return seeds, root / "cache", mentions_bytes, str(top["place_id"].iloc[0])


def test_map_page_at_10k_never_materialises_the_index(big, monkeypatch):
    seeds, cache, mentions_bytes, top = big
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(cache))
    whole, limits = [], []

    def no_whole(self, name):
        whole.append(name)
        raise AssertionError(f"the app materialised the whole {name} table")

    def no_pandas_parquet(*a, **k):
        raise AssertionError("the app read Parquet into pandas")

    real_page = voices._page  # the evidence panel's one page query (ranked, reprints collapsed)

    def page(*a, **k):
        limits.append(k["limit"] if "limit" in k else a[8])
        return real_page(*a, **k)

    monkeypatch.setattr(evidence_sql.StoredIndex, "_whole", no_whole)
    monkeypatch.setattr(pd, "read_parquet", no_pandas_parquet)
    monkeypatch.setattr(voices, "_page", page)
    ui_cache.st_geodata()  # corpus-independent caches: loaded before measuring
    ui_cache.st_base_map()
    tracemalloc.start()
    try:
        at = AppTest.from_file(APP, default_timeout=300)
        at.run()
        assert not at.exception, at.exception
        at.selectbox(key=keys.SEL_PLACE).set_value(top).run()
        assert not at.exception, at.exception
        caption = " ".join(c.value for c in at.caption)
        shown = int(caption.split(" excerpt")[0].split()[-1].replace(",", ""))
        assert shown > 1000, caption  # thousands of excerpts, one page drawn
        at.number_input(key=keys.EXCERPT_PAGE).set_value(2).run()
        at.sidebar.text_input(key=keys.SEARCH).input("railway").run()
        assert not at.exception, at.exception
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        st.cache_resource.clear()
        st.cache_data.clear()
    assert not whole
    assert limits and set(limits) == {15}, limits
    assert peak < mentions_bytes / 2, (peak, mentions_bytes)
