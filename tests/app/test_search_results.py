"""AppTest: the search results list (read, group, sort, open on the map and in the Reader)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.evidence.cache import load_or_build_index
from dashboard.ui import search_results
from dashboard.ui import session as keys

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def index():
    return load_or_build_index()


def _run(query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = query
    at.run()
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _results(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="atlas-excerpt atlas-result"' in m.value]


def test_zangezur_lists_the_trans_armenian_sentences_highlighted(index):
    at = _run("Zangezur")
    results = _results(at)
    links = index.corridor_links[index.corridor_links["corridor"] == "zangezur"]
    assert len(results) == len(links) == 5
    assert any('<mark class="atlas-q">trans-Armenian corridor</mark>' in html.unescape(r)
               for r in results)
    assert "5 sentences" in _html(at) and "match" in _html(at)
    assert not any("Nothing matches" in w.value for w in at.warning)


def test_putin_lists_every_sentence_grouped_by_source_with_counts(index):
    sentences = index.sentences
    want = sum("putin" in index.texts[d][a:b].casefold()
               for d, a, b in zip(sentences.doc_id, sentences.start, sentences.end, strict=True))
    assert want > 15  # the seeds' five articles and the Kremlin's two
    at = _run("Putin")
    html = _html(at)
    assert f"{want} sentences" in html
    pages = -(-want // search_results.PAGE_SIZE)
    seen = len(_results(at))
    for page in range(2, pages + 1):
        at.number_input(key=keys.SEARCH_PAGE).set_value(page).run()
        seen += len(_results(at))
    assert seen == want
    assert html.count("atlas-source") >= 1 and "matches</span>" in html
    assert "000_ff7e4afae1350b38.txt" not in html  # sources are named, not filed


def test_results_sort_by_date_keeps_every_result():
    at = _run("Azerbaijan")
    first = _results(at)
    at.radio(key=keys.SEARCH_SORT).set_value("date").run()
    assert not at.exception
    assert len(_results(at)) == len(first)


def test_result_button_selects_on_the_map_and_links_to_the_reader(index):
    at = _run("Zangezur")
    button = next(b for b in at.button if b.key and b.key.startswith("res_map_"))
    assert "Zangezur" in button.label
    button.click().run()
    assert not at.exception
    assert at.selectbox(key=keys.SEL_CORRIDOR).value == "zangezur"
    assert at.query_params["sel"] == ["corridor:zangezur"] or \
        at.query_params["sel"] == "corridor:zangezur"


def test_reader_link_carries_the_exact_offsets(index):
    at = _run("Zangezur")
    links = [p for p in at.get("page_link") if "In the text" in p.proto.label]
    assert len(links) == 5
    first = index.corridor_links[index.corridor_links["corridor"] == "zangezur"]
    offsets = {(r.doc_id, int(r.start), int(r.end)) for r in first.itertuples()}
    assert all(link.proto.page == "reader" for link in links)
    found = {link.proto.query_string for link in links}
    assert found == {f"doc={d}&at={s}&end={e}" for d, s, e in offsets}
