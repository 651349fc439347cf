"""The smaller defects: each a clear message, never a traceback or a silent change."""

from __future__ import annotations

import errno

import pytest

from dashboard.cli import add as cli_add
from dashboard.core.corpus import ingest, store, store_files
from dashboard.core.corpus.errors import IngestError

from .conftest import no_traceback, snapshot

ARTICLE = (b"Baku and Tbilisi signed a railway deal near Kars on Monday; the line runs on to "
           b"the Turkish border, officials said.\n")


def test_arabic_indic_digits_are_not_a_date():
    with pytest.raises(IngestError, match="is not YYYY-MM-DD"):
        ingest.check_metadata({"date": "٢٠٢٤-٠١-٠٥"}, "a.txt")


def test_a_title_over_the_limit_is_refused_not_cut():
    with pytest.raises(IngestError, match="title is 100,000 characters; the limit is 500"):
        ingest.check_metadata({"title": "x" * 100_000}, "a.txt")


def test_upload_name_with_nul_newline_ansi_and_bidi_is_cleaned():
    prepared = ingest.prepare_file(ARTICLE, "ev\x00il\n\x1b[31mred\u202etxt.txt")
    assert prepared.original_name == "evil[31mredtxt.txt"


def _add_args(env, path):
    """The arguments ``add`` gets from its own parser (every option at its default)."""
    from dashboard.cli import build_parser

    return build_parser("add").parse_args(["add", str(path), "--corpus", str(env.seeds)])


def test_cli_add_on_a_full_disk_names_the_folder(env, tmp_path, monkeypatch, capsys):
    src = tmp_path / "new\x1b[2J\u202eitem.txt"
    src.write_bytes(ARTICLE)
    before = snapshot(env.seeds)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files, "atomic_write_bytes", full)
    monkeypatch.setattr(store, "atomic_write_bytes", full, raising=False)
    code = cli_add.run(_add_args(env, src))
    out = capsys.readouterr()
    no_traceback(out.out, out.err)
    assert code == 1
    assert "seeds/" in out.err and "No space left on device" in out.err
    assert "\x1b" not in out.err + out.out and "\u202e" not in out.err + out.out
    assert snapshot(env.seeds) == before
