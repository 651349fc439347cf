"""AppTest of review: a correction saved on the Review page, and the index follows at once."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import corrections as cr
from dashboard.core.evidence import cache as evidence_cache
from tests.helpers import shown

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _review_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.switch_page("views/review.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _to_review(at: AppTest) -> int:
    found = re.search(r"([\d,]+) mentions to review", shown(at))
    assert found, shown(at)
    return int(found[1].replace(",", ""))


def test_rejecting_a_queued_mention_is_saved_and_shown_at_once(corpus):
    at = _review_page()
    before = _to_review(at)
    assert before > 0
    box = at.selectbox(key="rv_queue")
    row = box.value
    key = f"rq_{row['doc_id']}_{row['start']}"
    at.radio(key=f"{key}_act").set_value("reject")
    at.text_input(key=f"{key}_why").input("a person's name")
    at.button(key=f"{key}_save").click()
    at.run()
    assert not at.exception, at.exception
    assert "Saved: place reject" in shown(at)
    [saved] = cr.read_corrections(corpus).rows
    assert (saved.doc_id, saved.start, saved.action, saved.why) == (
        row["doc_id"], row["start"], "reject", "a person's name")
    assert _to_review(at) == before - 1  # the rejected mention left the queue
    # the index the app reads now leaves the rejected mention out
    index = evidence_cache.open_index(evidence_cache.load_or_build(corpus))
    left = index.mentions[(index.mentions.doc_id == row["doc_id"])
                          & (index.mentions.start == row["start"])]
    assert left.empty


def test_the_reader_offers_review_of_its_article(corpus):
    at = AppTest.from_file(APP, default_timeout=240)
    at.switch_page("views/reader.py")
    at.run()
    assert not at.exception, at.exception
    assert any(e.label.startswith("Review this article") for e in at.expander)
