"""AppTest of the Overview page: corridor colours of the map, titles, human column names."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence.cache import load_or_build_index
from dashboard.core.geodata.corridors import load_corridor_index

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _charts(at: AppTest) -> list[tuple[dict, pd.DataFrame]]:
    """Vega-Lite spec and data of every chart on the page (there must be some)."""
    elements = at.get("vega_lite_chart")
    assert elements, "no Vega-Lite chart on the page"
    charts = []
    for element in elements:
        spec = json.loads(element.proto.spec)
        [dataset] = element.proto.datasets
        charts.append((spec, dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)))
    return charts


def _drawn_colours(spec: dict, frame: pd.DataFrame, category: str) -> dict[str, str]:
    """The colour each value of ``category`` is drawn in, as Vega-Lite resolves the scale.

    A nominal scale pairs ``range`` with ``domain``; without a domain, Vega-Lite uses the
    field's distinct values sorted ascending.
    """
    colour = spec["encoding"]["color"]
    scale = colour.get("scale") or {}
    values = frame[colour["field"]].astype(str)
    domain = scale.get("domain") or sorted(values.unique())
    lookup = dict(zip(domain, scale["range"], strict=False))
    return {str(c): lookup[v] for c, v in zip(frame[category], values, strict=True)}


def test_corridor_chart_uses_the_map_colours(page):
    index = load_corridor_index()
    names = {str(f.get("short_name") or f["name"]): f["color"] for f in index.values()}
    found = None
    for spec, frame in _charts(page):
        enc = spec.get("encoding", {})
        for axis in ("x", "y"):
            field = enc.get(axis, {}).get("field")
            if field in frame and set(names) <= set(frame[field].astype(str)):
                found = (spec, frame, field)
    assert found is not None, "no chart with one bar per corridor"
    drawn = _drawn_colours(*found)
    assert drawn == names


def test_titles_and_human_column_names(page):
    docs = load_or_build_index().documents
    frames = [d.value for d in page.dataframe]
    matrix = next(f for f in frames if "Zangezur" in f.columns)
    titled = docs["title"].dropna()
    assert set(titled) & set(matrix.index), "the matrix rows are not document titles"
    assert not set(docs["file"].dropna()) & set(matrix.index)
    places = next(f for f in frames if "Place" in f.columns)
    assert list(places.columns) == ["Place", "Kind", "Country", "Mentions", "Sources"]
    assert "Azerbaijan" in set(places["Country"])
    for spec, _frame in _charts(page):
        fields = [spec["encoding"][a]["field"] for a in ("x", "y")]
        assert all(f[:1].isupper() and "_" not in f for f in fields), fields
