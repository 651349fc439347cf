"""The app's corpus version does not stat every article on every rerun."""

from __future__ import annotations

from dashboard.core.corpus import store
from dashboard.ui import cache


def test_a_rerun_stats_the_articles_once_and_an_added_article_shows_at_once(
        tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Baku and Tbilisi.", encoding="utf-8")
    monkeypatch.setenv("ATLAS_SEEDS_DIR", str(tmp_path))
    calls: list[object] = []
    real = store.folder_signature
    monkeypatch.setattr(store, "folder_signature", lambda f: calls.append(f) or real(f))
    cache.st_folder_signature.clear()
    first, again = cache.folder_signature(), cache.folder_signature()
    assert first == again and len(calls) == 1  # the second run only looked at the folder
    (tmp_path / "b.txt").write_text("Kars and Akhalkalaki.", encoding="utf-8")
    assert cache.folder_signature() != first and len(calls) == 2


def test_the_folder_stamp_changes_with_entries_and_the_table(tmp_path):
    before = store.folder_stamp(tmp_path)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    added = store.folder_stamp(tmp_path)
    (tmp_path / "sources.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    tabled = store.folder_stamp(tmp_path)
    (tmp_path / "corrections.csv").write_text("id\n", encoding="utf-8")
    corrected = store.folder_stamp(tmp_path)
    assert len({before, added, tabled, corrected}) == 4
    assert set(store.folder_stamp(tmp_path / "missing")) == {0}
