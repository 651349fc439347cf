"""The evidence panel's outlet facets, order and "who says what", driven through AppTest."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.corpus.outlets import load_registry
from dashboard.ui import session as keys
from tests.helpers import write_voices_corpus

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_voices_corpus(tmp_path_factory.mktemp("voices_corpus"))


@pytest.fixture
def app(corpus, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(corpus))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key=keys.SEL_CORRIDOR).set_value("zangezur").run()
    assert not at.exception, at.exception
    return at


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if " excerpt" in c.value and " from " in c.value)


def _direct_count(cache: Path, country: str) -> tuple[int, int]:
    """Excerpts of Zangezur in the Parquet files, for documents of ``country``'s outlets."""
    registry = load_registry()
    con = duckdb.connect()
    files = [str(p) for p in cache.rglob("corridor_links.parquet")]
    docs = con.execute("SELECT doc_id, outlet, url FROM read_parquet($f)",
                       {"f": [str(p) for p in cache.rglob("documents.parquet")]}).fetchall()
    ids = [d for d, outlet, url in docs if registry.resolve(outlet, url).country == country]
    row = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM read_parquet($f) "
                      "WHERE corridor = 'zangezur' AND list_contains($ids, doc_id)",
                      {"f": files, "ids": ids}).fetchone()
    return int(row[0]), int(row[1])


def test_facet_filter_equals_a_direct_duckdb_count(app, tmp_path):
    total, sources = _direct_count(tmp_path / "cache", "AM")
    assert sources == 2 and total >= 3
    countries = app.multiselect(key=keys.OUTLET_COUNTRIES)
    assert f"Armenia ({total})" in countries.options and "Azerbaijan (1)" in countries.options
    countries.set_value(["AM"]).run()
    assert not app.exception, app.exception
    assert _caption(app).startswith(f"{total} excerpts from {sources} sources")
    assert app.query_params.get("oc") in ("AM", ["AM"])


def test_reprints_show_once_and_who_says_what_has_columns(app):
    excerpts = [m.value for m in app.markdown if "atlas-excerpt" in m.value
                and "exclave" in m.value and "<style>" not in m.value]
    assert len(excerpts) == 1, excerpts
    assert any(e.label == "also in 2 sources" for e in app.expander)
    app.toggle(key=keys.WHO_VIEW).set_value(True).run()
    assert not app.exception, app.exception
    heads = [m.value for m in app.markdown if m.value.startswith("**")]
    for label in ("**Azerbaijan** (1)", "**Iran** (1)", "**Russia** (0)",
                  "**Türkiye** (0)", "**Georgia** (0)", "**Others** (2)"):
        assert label in heads, heads


def test_order_switch_and_permalink(app):
    app.selectbox(key=keys.EXCERPT_SORT).set_value("oldest").run()
    assert not app.exception, app.exception
    assert app.query_params.get("sort") in ("oldest", ["oldest"])
    first = next(m.value for m in app.markdown if m.value.startswith('<div class="atlas-source"'))
    assert "Article am1" in first
