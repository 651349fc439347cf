"""A date range narrows the map's counts and places, the excerpts and search alike."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence.cache import load_or_build_index
from dashboard.ui import session as keys
from tests.helpers import map_args

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
#: Publication dates given to the seed copy (the rest stay undated).
DATES = {"000": "2024-03-01", "001": "2025-06-10", "002": "2025-07-02"}
IN_RANGE = {"001", "002"}  # 2025, undated excluded
PARAMS = {"from": "2025-01-01", "to": "2025-12-31", "undated": "0"}


@pytest.fixture
def dated_corpus(corpus: Path) -> Path:
    """The seed copy with three articles dated (by hand, basis ``user``)."""
    path = corpus / "sources.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    for row in rows:
        if row["id"][:3] in DATES:
            row["date"], row["date_basis"] = DATES[row["id"][:3]], "user"
    out = io.StringIO()
    fields = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(out, fieldnames=fields, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return corpus


def _run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _counts(at: AppTest) -> dict[str, int]:
    return {cb.key[len("w_layer_"):]: int(cb.label.rsplit("(", 1)[1].rstrip(")"))
            for cb in at.sidebar.checkbox if cb.key.startswith("w_layer_")}


def _places(at: AppTest) -> set[str]:
    overlay = json.dumps(map_args(at)["layers"], separators=(",", ":"))
    return {part.split('"', 1)[0] for part in overlay.split('"id":"place:')[1:]}


def _excerpt_total(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if " from " in c.value and "excerpt" in c.value)
    return int(caption.split(" ", 1)[0])


def _in(doc_id: str) -> bool:
    return doc_id[:3] in IN_RANGE


def test_a_date_range_narrows_counts_places_excerpts_and_search_alike(dated_corpus):
    index = load_or_build_index(seeds=dated_corpus)
    links = index.corridor_links
    kept = links[links["doc_id"].map(_in)]
    corridor = kept["corridor"].value_counts().index[0]
    expected = {cid: int((kept["corridor"] == cid).sum()) for cid in _counts(_run())}
    assert expected != _counts(_run()), "the range must leave something out"

    at = _run(PARAMS)
    assert _counts(at) == expected
    mentions = index.mentions[index.mentions["place_id"].notna()]
    assert _places(at) == set(mentions[mentions["doc_id"].map(_in)]["place_id"])
    at.selectbox(key=keys.SEL_CORRIDOR).set_value(corridor).run()
    assert _excerpt_total(at) == expected[corridor]
    assert at.query_params["from"] == "2025-01-01" and at.query_params["undated"] == "0"

    at.selectbox(key=keys.SEL_CORRIDOR).set_value(None).run()
    at.text_input(key=keys.SEARCH).set_value("Azerbaijan").run()
    heads = " ".join(m.value for m in at.markdown if "atlas-results-head" in m.value)
    texts = index.texts
    hits = {(d, int(s)) for d, s, e in zip(index.sentences["doc_id"], index.sentences["start"],
                                           index.sentences["end"], strict=True)
            if _in(d) and "azerbaijan" in texts[d][int(s):int(e)].lower()}
    assert f"{len({d for d, _ in hits})} source" in heads


def test_the_control_writes_from_and_to_into_the_address_bar(dated_corpus):
    at = _run()
    at.date_input(key=keys.DATE_FROM).set_value("2025-01-01").run()
    at.date_input(key=keys.DATE_TO).set_value("2025-12-31").run()
    at.toggle(key=keys.DATE_UNDATED).set_value(False).run()
    assert not at.exception
    assert (at.query_params["from"], at.query_params["to"]) == ("2025-01-01", "2025-12-31")
    assert at.query_params["undated"] == "0"
    assert _counts(at) == _counts(_run(PARAMS))


def test_overview_reader_and_compare_follow_the_range_and_a_month_sets_it(dated_corpus):
    at = _run(PARAMS)
    at.switch_page("views/overview.py").run()
    assert not at.exception, at.exception
    assert next(m for m in at.metric if m.label == "Sources").value == str(len(IN_RANGE))
    month_box = next(s for s in at.selectbox if s.key.startswith(keys.TREND_MONTH))
    assert "2025-06" in month_box.options and set(month_box.options) <= {"2025-06", "2025-07"}
    month_box.set_value("2025-06").run()
    assert (at.query_params["from"], at.query_params["to"]) == ("2025-06-01", "2025-06-30")
    assert next(m for m in at.metric if m.label == "Sources").value == "1"

    at.switch_page("views/reader.py").run()
    assert not at.exception, at.exception
    assert [o[:3] for o in at.selectbox(key=keys.READER_DOC).options] != []
    assert len(at.selectbox(key=keys.READER_DOC).options) == 1

    at.switch_page("views/compare.py").run()
    assert not at.exception, at.exception
    assert any("2025-06-01 to 2025-06-30" in c.value for c in at.caption)
