"""Nothing from outside the corpus: links and special files in the folder are skipped, named."""

from __future__ import annotations

import html
import io
import os
import socket
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.corpus import store
from dashboard.core.corpus.loader import load_corpus_safe
from dashboard.core.evidence.index import corpus_digests

from .conftest import APP, cli, no_traceback, restart_app

SECRET = "root:x:0:0:Qzxwv Sentinel Kars:/root:/bin/bash\n"


@pytest.fixture
def outside(env, tmp_path):
    """A secret file outside the corpus, linked into it as ``leak.txt``; a FIFO ``pipe.txt``."""
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    (env.seeds / "leak.txt").symlink_to(secret)
    os.mkfifo(env.seeds / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(env.seeds / "sock.md"))
    yield env
    sock.close()


def test_loader_skips_links_and_special_files_with_a_message(outside):
    state = load_corpus_safe(outside.seeds)  # a FIFO opened for reading would block here
    assert {d.file for d in state.documents}.isdisjoint({"leak.txt", "pipe.txt", "sock.md"})
    assert all(SECRET.strip() not in d.text for d in state.documents)
    joined = "\n".join(state.problems)
    assert "leak.txt: is a symbolic link" in joined
    assert "pipe.txt: is a FIFO" in joined and "sock.md: is a socket" in joined
    assert str(outside.root) not in joined  # names the file, never a server path
    assert not {"leak.txt", "pipe.txt", "sock.md"} & set(corpus_digests(outside.seeds))


def test_zip_holds_no_linked_file(outside):
    with zipfile.ZipFile(io.BytesIO(store.corpus_zip(outside.seeds))) as zf:
        names = zf.namelist()
        assert "corpus/leak.txt" not in names and "corpus/pipe.txt" not in names
        assert all(b"Qzxwv" not in zf.read(n) for n in names)


def test_linked_sources_csv_is_not_read(env, tmp_path):
    fake = tmp_path / "fake.csv"
    fake.write_text("id,file,title\nx,001.txt,Qzxwv\n", encoding="utf-8")
    (env.seeds / "sources.csv").unlink()
    (env.seeds / "sources.csv").symlink_to(fake)
    state = load_corpus_safe(env.seeds)
    assert "symbolic link" in state.sources_problem
    assert all("Qzxwv" not in d.title for d in state.documents)


def test_folder_signature_sees_the_link_not_its_target(outside, tmp_path):
    before = store.folder_signature(outside.seeds)
    (tmp_path / "outside" / "passwd").write_text(SECRET * 3, encoding="utf-8")
    assert store.folder_signature(outside.seeds) == before  # the target is never stat-ed


def test_build_skips_and_names_them(outside):
    res = cli(outside, "build")
    no_traceback(res.out, res.err)
    assert res.code == 0, res.err
    assert "leak.txt: is a symbolic link" in res.err and "pipe.txt: is a FIFO" in res.err


@pytest.mark.parametrize("page", ["views/reader.py", "app.py", "views/sources.py"])
def test_reader_search_and_sources_page_never_show_it(outside, page):
    restart_app()
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(page)
    at.query_params["doc"] = "leak"
    at.query_params["q"] = "Sentinel"
    at.run()
    assert not at.exception, at.exception
    kinds = ("markdown", "caption", "warning", "info", "error", "text", "code")
    shown = html.unescape("\n".join(str(e.value) for k in kinds for e in at.get(k)))
    assert "Qzxwv" not in shown
    assert "root:x" not in shown
    if page == "views/sources.py":
        assert "leak.txt" in shown and "symbolic link" in shown
