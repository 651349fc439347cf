"""Roles on the Sources page: a viewer sees no write control and every write path refuses it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import store
from dashboard.core.corpus.sources_csv import read_sources_table
from tests.helpers import ARTICLE, SOURCES_PAGE, paste_and_add, shown, snapshot

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 40,
        "client_id": "atlas", "client_secret": "not-a-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
DOC = "004_07de88ce6cc2ac74"


def page(*, user: dict | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(SOURCES_PAGE, default_timeout=60)
    if user is not None:
        at.user = user
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def no_write_controls(at: AppTest) -> None:
    assert not at.text_area and not at.text_input  # no add form, no metadata editor
    assert not at.get("file_uploader")
    assert not at.get("download_button")  # no corpus zip
    assert {b.label for b in at.button} <= {"Log in"}  # no add, save or remove button
    assert "You are a **viewer**" in "\n".join(i.value for i in at.info)


def write_everything() -> None:
    """Call each write of the Sources page directly, as a forged request would."""
    import streamlit as st

    from dashboard.core.corpus import ingest
    from dashboard.ui import sources_state

    calls = {
        "add": lambda: sources_state.add(ingest.prepare_text(
            "Rail link via Ordubad\nThe railway would pass Meghri."), {}, 0.0),
        "edit": lambda: sources_state.edit("004_07de88ce6cc2ac74", {
            "title": "Forged", "author": "", "outlet": "", "date": "", "url": ""}),
        "remove": lambda: sources_state.remove("004_07de88ce6cc2ac74"),
        "zip": sources_state.download_bytes,
    }
    for name, call in calls.items():
        try:
            call()
        except ingest.IngestError as exc:
            st.text(f"{name} refused: {exc} [{exc.kind}]")
        else:
            st.text(f"{name} done")


def forged(**kwargs) -> list[str]:
    at = AppTest.from_function(write_everything, default_timeout=60)
    if "user" in kwargs:
        at.user = kwargs["user"]
    for key, value in kwargs.get("secrets", {}).items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, at.exception
    return [t.value for t in at.text]


@pytest.mark.parametrize("storage", ["local", "session"])
def test_read_only_shows_no_write_control_and_refuses_every_write(corpus, monkeypatch, storage):
    monkeypatch.setenv(store.STORAGE_ENV, storage)
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    before = snapshot(corpus)
    at = page()
    no_write_controls(at)
    assert "read-only deployment" in shown(at)
    assert "Documents in the corpus" in "\n".join(s.value for s in at.subheader)
    results = forged()
    assert [r.split(" ", 1)[0] for r in results] == ["add", "edit", "remove", "zip"]
    assert all("refused" in r and "[forbidden]" in r for r in results), results
    assert "you may not add documents: you are a viewer (read-only deployment" in results[0]
    assert snapshot(corpus) == before


def test_with_login_a_logged_out_visitor_is_a_viewer(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    secrets = {"auth": AUTH, "ATLAS_EDITORS": "ed@team.org"}
    before = snapshot(corpus)
    at = page(user={"is_logged_in": False}, secrets=secrets)
    no_write_controls(at)
    assert "Log in with an address listed as an editor" in shown(at)
    assert [b.label for b in at.button] == ["Log in"]
    assert all("refused" in r for r in forged(user={"is_logged_in": False}, secrets=secrets))
    assert snapshot(corpus) == before


def test_a_logged_in_user_who_is_not_listed_is_refused(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    monkeypatch.setenv("ATLAS_EDITORS", "ed@team.org")
    user = {"is_logged_in": True, "email": "stranger@elsewhere.org"}
    before = snapshot(corpus)
    no_write_controls(page(user=user, secrets={"auth": AUTH}))
    results = forged(user=user, secrets={"auth": AUTH})
    assert all("refused" in r for r in results)
    assert "stranger@elsewhere.org is not listed in ATLAS_EDITORS" in results[0]
    assert snapshot(corpus) == before


def test_a_listed_editor_adds_and_edits_as_themself_but_gets_no_corpus_zip(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    monkeypatch.setenv("ATLAS_EDITORS", "ed@team.org")
    user = {"is_logged_in": True, "email": "Ed@team.org"}
    at = page(user=user, secrets={"auth": AUTH})
    assert not at.get("download_button")
    at = paste_and_add(at, ARTICLE)
    assert "saved to the corpus folder" in shown(at)
    added = read_sources_table(corpus).rows[-1]
    assert added["added_by"] == "Ed@team.org"
    results = forged(user=user, secrets={"auth": AUTH})
    assert results[:3] == ["add done", "edit done", "remove done"]
    assert results[3].startswith("zip refused: corpus: you may not download the whole corpus")


def test_an_admin_gets_the_corpus_zip(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    at = page(user={"is_logged_in": True, "email": "boss@team.org"},
              secrets={"auth": AUTH, "ATLAS_ADMINS": ["boss@team.org"]})
    assert [b.label for b in at.get("download_button")] == ["Download the corpus (.zip)"]
    assert at.text_area  # and the add form


def test_on_the_network_without_login_visitors_are_viewers(corpus, monkeypatch):
    monkeypatch.setenv(store.STORAGE_ENV, "local")
    at = AppTest.from_file(SOURCES_PAGE, default_timeout=60)
    from streamlit import config

    previous = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at.run()
        no_write_controls(at)
        assert "served on the network without login" in shown(at)
    finally:
        config.set_option("server.address", previous)
