"""An analyst's corrections: kept as data, applied after every parse, reported when stale."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from dashboard.cli import main as cli_main
from dashboard.core.corpus import corrections as cr
from dashboard.core.corpus import store
from dashboard.core.corpus.loader import load_corpus
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence.index import certainty, process_document

TEXT = "Trucks cross at Nakhchivan. Nakhchivan hopes for the railway. It runs to Julfa."
PLACE = {"name": "Nakhchivan (city)", "kind": "city", "country": "AZ", "lat": 39.2, "lon": 45.4}


def _rows() -> list[dict]:
    return [{"doc_id": "d", "surface": "Nakhchivan", "start": s, "end": s + 10,
             "place_id": "region:nakhchivan-az", "name": "Nakhchivan", "kind": "region",
             "country": "AZ", "lat": 39.3, "lon": 45.5, "review": ""}
            for s in (TEXT.index("Nakhchivan"), TEXT.rindex("Nakhchivan"))]


def _corr(scope="mention", action="resolve", value="city:nakhchivan-city-az", doc_id="d",
          start=None, when="2026-01-01T00:00:00Z"):
    start = TEXT.index("Nakhchivan") if start is None else start
    return cr.Correction(id="c000000000001", doc_id=doc_id, start=start, end=start + 10,
                         text_sha=cr.span_sha(TEXT, start, start + 10), surface="Nakhchivan",
                         target="place", action=action, value=value, scope=scope, when=when)


def test_a_mention_correction_touches_that_mention_only():
    out = cr.apply_to_mentions(_rows(), "d", TEXT, [_corr()], lambda pid: PLACE)
    assert [r["place_id"] for r in out] == ["city:nakhchivan-city-az", "region:nakhchivan-az"]
    assert [r["review"] for r in out] == ["corrected", ""]
    assert out[0]["name"] == "Nakhchivan (city)"


def test_article_and_corpus_scopes_reach_every_identical_mention():
    for scope, doc_id in (("article", "d"), ("corpus", "other")):
        out = cr.apply_to_mentions(_rows(), "d", TEXT, [_corr(scope, doc_id=doc_id)],
                                   lambda pid: PLACE)
        assert [r["review"] for r in out] == ["corrected", "corrected"], scope
    # an article-wide correction of another article does not reach this one
    out = cr.apply_to_mentions(_rows(), "d", TEXT, [_corr("article", doc_id="other")],
                               lambda pid: PLACE)
    assert [r["review"] for r in out] == ["", ""]


def test_the_most_specific_then_the_latest_correction_wins():
    wide = _corr("corpus", action="reject")
    mine = _corr("mention", action="confirm")
    out = cr.apply_to_mentions(_rows(), "d", TEXT, [mine, wide], lambda pid: PLACE)
    assert [r["review"] for r in out] == ["confirmed"]  # the second mention is rejected
    later = _corr("mention", action="reject", when="2026-02-01T00:00:00Z")
    out = cr.apply_to_mentions(_rows(), "d", TEXT, [mine, later], lambda pid: PLACE)
    assert len(out) == 1 and out[0]["start"] == TEXT.rindex("Nakhchivan")


def test_a_correction_whose_text_moved_is_stale_and_not_applied():
    edited = "New lead paragraph. " + TEXT
    out = cr.apply_to_mentions(_rows(), "d", edited, [_corr()], lambda pid: PLACE)
    assert [r["review"] for r in out] == ["", ""]
    table = cr.CorrectionsTable(Path("corrections.csv"), [_corr()], [])
    assert cr.stale_corrections(table, {"d": edited}.get) == [_corr()]
    assert cr.stale_corrections(table, {"d": TEXT}.get) == []
    assert cr.stale_corrections(table, {}.get) == [_corr()]  # the article is gone


def test_corridor_links_removed_confirmed_and_added():
    sents = [(0, 27), (28, 61), (62, len(TEXT))]
    rows = [{"doc_id": "d", "sent_id": 1, "start": 28, "end": 61, "corridor": "zangezur",
             "basis": "named", "terms": [], "term_spans": [], "review": ""}]

    def link(action, value, span):
        return cr.Correction(id="c00000000000a", doc_id="d", start=span[0], end=span[1],
                             text_sha=cr.span_sha(TEXT, *span), surface=TEXT[span[0]:span[1]],
                             target="corridor", action=action, value=value)

    assert cr.apply_to_links(rows, "d", TEXT, [link("remove", "zangezur", sents[1])], sents) == []
    confirmed = cr.apply_to_links(rows, "d", TEXT, [link("confirm", "zangezur", sents[1])], sents)
    assert confirmed[0]["review"] == "confirmed"
    added = cr.apply_to_links(rows, "d", TEXT, [link("add", "aras", sents[2])], sents)
    assert [(r["corridor"], r["sent_id"], r["basis"]) for r in added] == [
        ("zangezur", 1, "named"), ("aras", 2, "analyst")]


def test_bad_corrections_are_refused_with_a_reason():
    with pytest.raises(cr.CorrectionsError, match="outside the article"):
        cr.new_correction(TEXT, doc_id="d", start=5, end=500, target="place", action="reject")
    with pytest.raises(cr.CorrectionsError, match="needs a value"):
        cr.new_correction(TEXT, doc_id="d", start=0, end=6, target="place", action="resolve")
    with pytest.raises(cr.CorrectionsError, match="lat"):
        cr.new_correction(TEXT, doc_id="d", start=0, end=6, target="place", action="resolve",
                          value=cr.PICKED + "x", place_name="X", lat="north", lon="1")


def test_the_table_is_written_atomically_with_a_backup_and_read_back(tmp_path):
    first = cr.new_correction(TEXT, doc_id="d", start=0, end=6, target="place", action="reject",
                              who="a@example.org", why="a verb")
    second = cr.new_correction(TEXT, doc_id="d", start=17, end=27, target="place",
                               action="confirm")
    store.add_correction(tmp_path, first)
    store.add_correction(tmp_path, second)
    table = cr.read_corrections(tmp_path)
    assert table.rows == [first, second] and table.problems == []
    assert cr.read_corrections(tmp_path.with_name("none")).rows == []
    backup = (tmp_path / "corrections.csv.bak").read_text(encoding="utf-8")
    assert first.id in backup and second.id not in backup
    (tmp_path / "corrections.csv").write_text(
        (tmp_path / "corrections.csv").read_text(encoding="utf-8") + "cbad,d,x,y\n",
        encoding="utf-8")
    table = cr.read_corrections(tmp_path)
    assert len(table.rows) == 2 and "line 4" in table.problems[0]
    assert store.remove_correction(tmp_path, first.id) == first
    assert [c.id for c in cr.read_corrections(tmp_path).rows] == [second.id]


def test_certainty_of_a_mention():
    assert certainty(0.93, "") == "clear"
    assert certainty(0.55, "city:nakhchivan-az") == "close"
    assert certainty(0.6, "") == "weak"


def _seed_nakhchivan(folder: Path, parser) -> tuple[str, dict]:
    """A seed document and one of its mentions of Nakhchivan (as the parser resolves it)."""
    for doc in load_corpus(folder):
        for m in process_document(doc, parser).mentions:
            if m["surface"].startswith("Nakhchivan"):
                return doc.doc_id, m
    raise AssertionError("no Nakhchivan mention in the seeds")


def test_a_correction_holds_through_rebuilds_and_goes_stale_when_the_text_moves(
        seeds_copy, tmp_path, parser):
    cache = tmp_path / "cache"
    doc_id, mention = _seed_nakhchivan(seeds_copy, parser)
    target = "city:nakhchivan-city-az"
    assert mention["place_id"] != target
    assert mention["certainty"] in ("clear", "close", "weak")
    evidence_cache.load_or_build(seeds_copy, cache=cache, parser=lambda: parser)
    assert cli_main(["correct", doc_id, str(mention["start"]), str(mention["end"]),
                     "--place", target, "--why", "the city", "--corpus", str(seeds_copy)]) == 0
    entry = evidence_cache.load_or_build(seeds_copy, cache=cache, parser=lambda: parser)
    rows = evidence_cache.open_index(entry).mentions
    hit = rows[(rows.doc_id == doc_id) & (rows.start == mention["start"])]
    assert list(hit.place_id) == [target] and list(hit.review) == ["corrected"]
    # the zip of the corpus carries the corrections
    with zipfile.ZipFile(io.BytesIO(store.corpus_zip(seeds_copy))) as zf:
        assert "corpus/corrections.csv" in zf.namelist()
    # edit the article in front of the mention: the correction no longer matches
    path = next(p for p in seeds_copy.glob(f"{doc_id}.*"))
    path.write_text("A new first line.\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    entry = evidence_cache.load_or_build(seeds_copy, cache=cache, parser=lambda: parser)
    rows = evidence_cache.open_index(entry).mentions
    assert (rows[rows.doc_id == doc_id].review == "").all()


def test_corrections_verb_lists_the_table_with_status(seeds_copy, parser, capsys):
    doc_id, mention = _seed_nakhchivan(seeds_copy, parser)
    assert cli_main(["correct", doc_id, str(mention["start"]), str(mention["end"]),
                     "--not-place", "--corpus", str(seeds_copy)]) == 0
    capsys.readouterr()
    assert cli_main(["corrections", "--corpus", str(seeds_copy)]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["doc_id"], r["action"], r["status"]) for r in listed] == [
        (doc_id, "reject", "current")]
    assert cli_main(["correct", doc_id, "0", "999999999", "--not-place",
                     "--corpus", str(seeds_copy)]) == 1
    assert "outside the article" in capsys.readouterr().err


def test_review_queue_precision_counts_flagged_mentions_that_were_wrong():
    from dashboard.core.parse.evaluate import Report, score_review_queue

    gold = [{"canonical": "Baku", "country": "AZ", "lat": 40.4, "lon": 49.9, "kind": "city",
             "mentions": [{"start": 0, "end": 4}]},
            {"canonical": "Kars", "country": "TR", "lat": 40.6, "lon": 43.1, "kind": "city",
             "mentions": [{"start": 10, "end": 14}]}]

    def pred(start, lat, lon, country, certainty):
        return {"start": start, "end": start + 4, "lat": lat, "lon": lon, "country": country,
                "kind": "city", "certainty": certainty, "names": ("X",), "surface": "X"}

    report = Report()
    score_review_queue(gold, [pred(0, 40.4, 49.9, "AZ", "close"),     # flagged, right
                              pred(10, 10.0, 10.0, "US", "weak"),     # flagged, wrong place
                              pred(20, 1.0, 1.0, "AZ", "clear"),      # spurious, not flagged
                              pred(30, 1.0, 1.0, "AZ", "weak")],      # spurious, flagged
                       report)
    assert (report.queue_flagged, report.queue_wrong, report.wrong_total) == (3, 2, 3)
    assert report.as_dict()["review_queue"]["precision"] == round(2 / 3, 4)
