"""The Sources page in both storage modes (AppTest: pasted text; uploads are browser-tested)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import store, store_session
from dashboard.core.corpus.loader import load_corpus
from dashboard.ui import session
from tests.helpers import ARTICLE, paste_and_add, shown, snapshot
from tests.helpers import sources_page as page


@pytest.fixture
def corpus(original_seeds_copy, tmp_path, monkeypatch):
    """The app on a copy of the five original seeds (these tests count and number them)."""
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(original_seeds_copy))
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    return original_seeds_copy


def test_local_mode_saves_the_pasted_article_and_confirms_its_places(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    at = paste_and_add(
        page(), ARTICLE, title="Ordubad <script>alert(1)</script>", date="2025-02-01"
    )
    text = shown(at)
    assert "Ordubad &lt;script&gt;alert(1)&lt;/script&gt;" in text  # escaped title
    assert "<script>" not in text
    assert "saved to the corpus folder" in text
    assert "Meghri (city): 1 mention" in text and "Aghband (city): 1 mention" in text
    docs = load_corpus(corpus)
    assert len(docs) == 6 and docs[-1].date == "2025-02-01" and docs[-1].text == ARTICLE
    # the same text again is refused with a message naming it; nothing changes
    before = snapshot(corpus)
    at = paste_and_add(at, ARTICLE)
    assert "pasted text: is a duplicate" in shown(at)
    assert snapshot(corpus) == before


def test_session_mode_keeps_the_article_in_the_session_only(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "session")
    before = snapshot(corpus)
    at = page()
    assert "in this browser session only" in shown(at)
    at = paste_and_add(at, ARTICLE)
    assert "kept in this session" in shown(at)
    assert snapshot(corpus) == before  # nothing written to disk
    entries = at.session_state[session.SESSION_DOCS]
    assert len(entries) == 1
    row, text = entries[0]
    assert text == ARTICLE and row["title"] == "Rail link via Ordubad"
    assert row["id"].startswith("005_")
    assert [b.label for b in at.get("download_button")] == ["Download the corpus (.zip)"]
    # duplicates are also caught against the session's own documents
    at = paste_and_add(at, ARTICLE)
    assert "already in this session" in shown(at)
    assert len(at.session_state[session.SESSION_DOCS]) == 1


def test_bad_metadata_is_reported_and_nothing_is_stored(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    before = snapshot(corpus)
    at = paste_and_add(page(), ARTICLE, date="1 May", url="javascript:alert(1)")
    assert "pasted text: date '1 May' is not YYYY-MM-DD" in shown(at)
    assert snapshot(corpus) == before


def test_bad_sources_csv_page_keeps_running_and_says_so(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    csv_path = corpus / "sources.csv"
    csv_path.write_bytes(csv_path.read_bytes() + b"extra,row,with,too,many,fields,here,x,y\n")
    before = snapshot(corpus)
    at = page()
    assert "ragged row" in shown(at) and "blank metadata" in shown(at)
    assert len(at.dataframe[0].value) == 5  # every document still listed
    at = paste_and_add(at, ARTICLE)
    assert "sources.csv: line 7 has 9 fields" in shown(at) and "was not changed" in shown(at)
    assert snapshot(corpus) == before


def _remove(at: AppTest, doc_id: str) -> AppTest:
    at.selectbox(key="w_src_remove_0").set_value(doc_id)
    at.checkbox(key="w_src_confirm_0").check()
    at.run()
    [button] = [b for b in at.button if b.label == "Remove"]
    button.click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_removal_in_session_mode_leaves_the_folder_alone(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "session")
    before = snapshot(corpus)
    at = paste_and_add(page(), ARTICLE)
    [(row, _text)] = at.session_state[session.SESSION_DOCS]
    # only the session document is offered: the folder is not changed from a session
    assert at.selectbox(key="w_src_remove_0").options == [f"{row['id']} — {row['title']}"]
    at = _remove(at, row["id"])
    assert at.session_state[session.SESSION_DOCS] == []
    assert f"Removed {row['id']} from this session." in shown(at)
    assert snapshot(corpus) == before


def test_removal_in_local_mode_moves_the_file_aside(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    at = paste_and_add(page(), ARTICLE)
    new = [d for d in load_corpus(corpus) if d.text == ARTICLE][0]
    at = _remove(at, new.doc_id)
    assert "kept in .removed/" in shown(at)
    assert len(load_corpus(corpus)) == 5
    assert [p.read_text("utf-8") for p in (corpus / ".removed").iterdir()] == [ARTICLE]


def test_session_documents_are_bounded_per_session(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "session")
    monkeypatch.setattr(store_session, "MAX_SESSION_DOCS", 1)
    at = paste_and_add(page(), ARTICLE)
    assert len(at.session_state[session.SESSION_DOCS]) == 1
    at = paste_and_add(at, ARTICLE.replace("Meghri", "Ordubad"))
    assert "cannot be kept: this session already holds 1 documents" in shown(at)
    assert len(at.session_state[session.SESSION_DOCS]) == 1


def _retyped(text: str) -> str:
    """``text`` as copied from a web page: straight quotes, lines wrapped at 70 columns."""
    import textwrap

    plain = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"',
                                          "\u201d": '"'}))
    return "\n\n".join("\n".join(textwrap.wrap(p, 70)) for p in plain.split("\n"))


@pytest.mark.parametrize("mode", ["local", "session"])
def test_a_retyped_copy_of_a_stored_article_is_refused_as_a_duplicate(corpus, monkeypatch, mode):
    monkeypatch.setenv(store.STORAGE_ENV, mode)
    seed = sorted(corpus.glob("*.txt"))[0]
    before = snapshot(corpus)
    at = paste_and_add(page(), _retyped(seed.read_text(encoding="utf-8")))
    said = "pasted text: is a duplicate: the same text is already in the corpus as"
    assert f"{said} {seed.name}" in shown(at)
    assert snapshot(corpus) == before
    if mode == "session":
        assert session.SESSION_DOCS not in at.session_state or not at.session_state[
            session.SESSION_DOCS]
        at = paste_and_add(at, ARTICLE)  # a new article, then its retyped copy
        at = paste_and_add(at, _retyped(ARTICLE.replace("Araxes", "Araxes ")))
        assert "already in this session" in shown(at)
        assert len(at.session_state[session.SESSION_DOCS]) == 1


def _index_run(at: AppTest) -> AppTest:
    """The next run of a page that shows the index, in the same browser session as ``at``.

    It shows the places the index holds for the article(s) naming Aghband.
    """

    def script() -> None:
        import streamlit as st

        from dashboard.ui import cache, data

        index = cache.st_index(data.corpus_version())
        ids = [d for d, text in index.texts.items() if "Aghband" in text]
        names = index.mentions[index.mentions["doc_id"].isin(ids)]["name"]
        st.text(f"{len(ids)} article(s): {', '.join(sorted(set(names)))}")

    nxt = AppTest.from_function(script, default_timeout=120)
    for key, value in at.session_state.to_dict().items():
        if key.startswith("atlas_"):  # what the app keeps between runs (not widgets)
            nxt.session_state[key] = value
    nxt.run()
    assert not nxt.exception, nxt.exception
    return nxt


@pytest.mark.parametrize("mode", ["local", "session"])
def test_an_added_article_is_geoparsed_once(corpus, monkeypatch, mode):
    from dashboard.core.evidence import index as evidence

    monkeypatch.setenv(store.STORAGE_ENV, mode)
    parsed: list[str] = []
    real = evidence.process_document

    def counting(doc, parser):  # noqa: ANN001, ANN202
        parsed.append(doc.text)
        return real(doc, parser)

    monkeypatch.setattr(evidence, "process_document", counting)
    at = paste_and_add(page(), ARTICLE)
    assert "Meghri (city): 1 mention" in shown(at) and parsed.count(ARTICLE) == 1
    nxt = _index_run(at)
    assert nxt.text[0].value.startswith("1 article(s): ") and "Meghri" in nxt.text[0].value
    assert parsed.count(ARTICLE) == 1  # the confirmation's result was reused


def test_an_unreadable_article_is_reported_and_the_page_keeps_running(corpus):
    (corpus / "zz_bad.txt").write_bytes("Нахичевань".encode("cp1251"))
    at = page()
    at.run()  # the next run reads the cached folder state (with its errors) back
    assert not at.exception, at.exception
    assert "zz_bad.txt: not valid UTF-8 (byte offset 0); skipped" in shown(at)
