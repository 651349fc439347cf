"""AppTest drives the dashboard's keyed widgets (the twins of map clicks)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence.cache import load_or_build_index
from dashboard.core.text.htmlsafe import WORD_JOINER
from dashboard.ui import evidence_panel
from dashboard.ui import session as keys
from tests.helpers import map_args

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def index():
    return load_or_build_index()


def _run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _layer_labels(at: AppTest) -> dict[str, str]:
    return {cb.key: cb.label for cb in at.sidebar.checkbox if cb.key.startswith("w_layer_")}


def _overlay(at: AppTest) -> str:
    """The map's layers (compact JSON) and its command (as ``json.dumps`` writes it)."""
    args = map_args(at)
    return json.dumps(args["layers"], separators=(",", ":")) + json.dumps(args["command"])


def test_selecting_a_corridor_shows_its_excerpts(index):
    links = index.corridor_links
    corridor = links["corridor"].value_counts().index[0]
    first = links[links["corridor"] == corridor].iloc[0]
    excerpt = index.texts[first.doc_id][int(first.start):int(first.end)]
    at = _run()
    at.selectbox(key=keys.SEL_CORRIDOR).set_value(corridor).run()
    assert not at.exception
    shown = _markdown(at)
    # a distinctive run of the excerpt is on the page, escaped but verbatim in words
    words = [w for w in excerpt.split() if w.isalpha()][:6]
    assert all(w in shown for w in words), words
    assert at.query_params["sel"] == f"corridor:{corridor}"


def test_selecting_a_place_shows_its_excerpts_and_highlights_marker(index):
    place = index.places.sort_values("mention_count", ascending=False).iloc[0]
    at = _run()
    at.selectbox(key=keys.SEL_PLACE).set_value(place.place_id).run()
    assert not at.exception
    mine = index.mentions[index.mentions["place_id"] == place.place_id]
    total = len(mine[["doc_id", "sentence_start"]].drop_duplicates())  # one excerpt a sentence
    sources = mine["doc_id"].nunique()
    assert total > 1 and sources > 1
    assert f"{total} excerpts from {sources} sources" in [c.value for c in at.caption]
    assert at.selectbox(key=keys.SEL_CORRIDOR).value is None
    overlay = _overlay(at)
    assert f'"id":"place:{place.place_id}"' in overlay
    assert '"weight":3' in overlay  # the selected place is drawn emphasised
    assert '"box": [' in overlay  # and the map is told to frame it


def test_place_box_lists_the_most_mentioned_places_and_keeps_a_rarer_selection(
        index, monkeypatch):
    from dashboard.ui import layout
    monkeypatch.setattr(layout, "PLACE_OPTIONS", 5)
    ranked = index.places.sort_values("mention_count", ascending=False, kind="stable")
    rare = ranked["place_id"].iloc[-1]
    at = _run()
    box = at.selectbox(key=keys.SEL_PLACE)
    assert len(box.options) == 1 + 5 and "5 most mentioned" in box.label
    at = _run({"sel": f"place:{rare}"})
    box = at.selectbox(key=keys.SEL_PLACE)
    assert box.value == rare and len(box.options) == 1 + 5 + 1


def _source_box(at: AppTest, doc_id: str):
    return next(cb for cb in at.sidebar.checkbox
                if cb.key.startswith(keys.SOURCE_BOX) and cb.key.endswith(f"_{doc_id}"))


def test_source_filter_changes_counts(index):
    at = _run()
    before = _layer_labels(at)
    docs = index.documents["doc_id"].tolist()
    counts = index.corridor_links.groupby("doc_id").size()
    keep = [d for d in docs if counts.get(d, 0) == 0][:1]
    assert keep, "the seeds need a source without corridor links"
    title = index.documents.set_index("doc_id").loc[keep[0], "title"]
    at.sidebar.text_input(key=keys.SOURCE_QUERY).set_value(" ".join(title.split()[:3])).run()
    _source_box(at, keep[0]).check().run()
    assert not at.exception, at.exception
    after = _layer_labels(at)
    assert before != after
    assert at.query_params["src"] == ",".join(keep)
    assert _source_box(at, keep[0]).value is True  # listed as chosen, ticked
    at.sidebar.button(key=keys.SOURCE_ALL).click().run()
    assert "src" not in at.query_params and _layer_labels(at) == before


def test_source_picker_lists_a_page_of_matches_never_every_source(index):
    at = _run({"src": index.documents["doc_id"].iloc[0]})
    boxes = [cb for cb in at.sidebar.checkbox if cb.key.startswith(keys.SOURCE_BOX)]
    assert [cb.value for cb in boxes][:1] == [True]  # the permalink's source, chosen
    assert len(boxes) <= 1 + 20
    at.sidebar.text_input(key=keys.SOURCE_QUERY).set_value("zzzz no such source").run()
    assert any("No source matches" in i.value for i in at.sidebar.info)


def test_permalink_round_trip(index):
    corridor = index.corridor_links["corridor"].iloc[0]
    params = {"layers": f"{corridor}", "sel": f"corridor:{corridor}", "q": "railway",
              "view": "39.5000,46.0000,7"}
    at = _run(params)
    assert at.selectbox(key=keys.SEL_CORRIDOR).value == corridor
    assert at.sidebar.text_input(key=keys.SEARCH).value == "railway"
    boxes = {cb.key: cb.value for cb in at.sidebar.checkbox}
    assert boxes[keys.layer_key(corridor)] is True
    assert sum(boxes.values()) == 1
    for name, value in params.items():
        assert at.query_params[name] == value, name
    args = map_args(at)
    assert "center" not in args and "zoom" not in args  # the view is never passed back
    # a permalink's view wins over framing its selection: one command restores it
    assert args["command"]["view"] == {"center": [39.5, 46.0], "zoom": 7}


def test_filter_that_hides_everything_says_so():
    at = _run({"layers": "-", "kinds": "-"})
    assert any("hide every corridor and place" in w.value for w in at.warning)


def test_search_without_match_says_so():
    at = _run({"q": "zzzqqq-no-such-text"})
    assert any("Nothing matches" in w.value for w in at.warning)


def test_search_text_from_a_link_is_shown_literally():
    at = _run({"q": "[click](https://evil.example) **x**"})
    warning = next(w.value for w in at.warning if "Nothing matches" in w.value)
    # the characters as typed (an invisible word joiner breaks the bare address's autolink)
    shown = html.unescape(warning).replace(WORD_JOINER, "")
    assert "[click](https://evil.example) **x**" in shown
    assert "](" not in warning and "**" not in warning and "https:" not in warning


def test_reader_page_highlights_mentions(index):
    doc = index.documents["doc_id"].iloc[0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/reader.py")
    at.query_params["doc"] = doc
    at.run()
    assert not at.exception
    html = _markdown(at)
    assert 'class="atlas-place"' in html and "./?sel=place%3A" in html


def test_reader_of_a_large_corpus_searches_articles_instead_of_listing_them(index, monkeypatch):
    from dashboard.ui import source_picker
    monkeypatch.setattr(source_picker, "SELECT_ALL_MAX", 2)  # the seeds count as "large"
    docs = index.documents
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/reader.py")
    at.query_params["doc"] = docs["doc_id"].iloc[0]
    at.run()
    assert not at.exception, at.exception
    box = at.sidebar.selectbox(key="w_reader_doc")
    assert box.value == docs["doc_id"].iloc[0]
    titled = docs[docs["title"].fillna("").str.len() > 0]
    target = titled[titled["doc_id"] != docs["doc_id"].iloc[0]].iloc[-1]
    at.sidebar.text_input(key="w_reader_doc_query").set_value(target["title"]).run()
    box = at.sidebar.selectbox(key="w_reader_doc")
    assert len(box.options) == 2  # the article shown, then the one match
    assert box.options[1] == target["title"]
    box.set_value(target["doc_id"]).run()
    assert not at.exception, at.exception
    shown = html.unescape(_markdown(at).split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert shown == target["title"]


def _map_center_zoom(at: AppTest) -> dict | None:
    """The one command the map gets on its first run (the view it will show)."""
    return map_args(at)["command"]


@pytest.mark.parametrize("view", ["40,45,inf", "40,45,-inf", "1e400,45,7",
                                  "40,45," + "9" * 5000])
def test_crafted_view_link_shows_the_default_map(view):
    default = _map_center_zoom(_run())
    at = _run({"view": view})  # _run asserts no exception
    assert _map_center_zoom(at) == default


def test_reader_link_with_hostile_offsets_opens_the_article(index):
    doc = index.documents["doc_id"].iloc[0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/reader.py")
    for name, value in {"doc": doc, "at": "9" * 5000, "end": "inf"}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert "The excerpt in its paragraph" not in _markdown(at)
    assert 'class="atlas-place"' in _markdown(at)


def test_reader_title_and_text_are_escaped(index):
    doc = index.documents["doc_id"].iloc[0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/reader.py")
    at.query_params["doc"] = doc
    at.run()
    html_out = _markdown(at)
    title = html.unescape(html_out.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert title == evidence_panel.source_label(index.documents, doc)
    body = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-doc">')][-1]
    assert "\n" not in body  # one HTML block: Markdown never resumes inside the article


_PARAM = st.one_of(st.text(max_size=60), st.sampled_from(
    ["40,45,inf", "nan,nan,nan", "1e400", "-", "corridor:", "place:x", "9" * 5000, "-1"]))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(params=st.dictionaries(st.sampled_from(["view", "sel", "layers", "status", "kinds", "src",
                                               "q", "doc", "at", "end"]), _PARAM, max_size=6),
       page=st.sampled_from(["app.py", "views/reader.py"]))
def test_any_link_parameters_open_a_page_without_error(params, page):
    at = AppTest.from_file(APP, default_timeout=120)
    if page != "app.py":
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, (params, at.exception)
