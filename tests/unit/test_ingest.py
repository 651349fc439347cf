"""Checks, decoding and extraction of incoming articles (one test per bad input)."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from dashboard.core.corpus import ingest
from dashboard.core.corpus.loader import document_from_text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
ARTICLE = (
    "The railway from Kars to Nakhchivan would cross the Araxes near Meghri.\n"
    "Engineers in Baku say the Aghband section is the last gap in the line."
)


def text_pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page PDF with a real text layer (TrueType text, not outlines)."""
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.27, 11.69))
        for i, line in enumerate(lines):
            fig.text(0.05, 0.95 - 0.03 * i, line)
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", metadata={"Title": title} if title else None)
        plt.close(fig)
    return buf.getvalue()


def image_pdf() -> bytes:
    """A PDF that is only a picture, like a scan without OCR."""
    fig = plt.figure(figsize=(4, 4))
    plt.imshow(np.random.default_rng(0).random((30, 30)))
    plt.axis("off")
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    return buf.getvalue()


def rejected(raw: bytes, name: str, **kw) -> ingest.IngestError:
    with pytest.raises(ingest.IngestError) as info:
        ingest.prepare_file(raw, name, **kw)
    return info.value


# ------------------------------------------------------------------ good input


def test_plain_utf8_text_is_normalised_and_hashed():
    p = ingest.prepare_file(
        ("  " + ARTICLE.replace("\n", "\r\n") + "\t \r\n\r\n\r\n").encode(), "a.txt"
    )
    assert p.text == ARTICLE
    assert p.extraction == "text"
    assert p.sha256 == ingest.content_hash(ARTICLE)
    assert len(p.sha256) == 64


def test_same_article_with_other_line_ends_has_the_same_hash():
    assert ingest.content_hash(ARTICLE) == ingest.content_hash(ARTICLE.replace("\n", "\r\n") + "\n")
    assert ingest.content_hash(ARTICLE) != ingest.content_hash(ARTICLE + " Extra.")


def test_utf8_bom_is_dropped_so_the_corpus_loader_accepts_the_text():
    p = ingest.prepare_file(b"\xef\xbb\xbf" + ARTICLE.encode(), "bom.txt")
    assert not p.text.startswith("\ufeff")
    document_from_text(p.text, "x.txt")  # the loader's own checks pass


def test_markdown_markup_is_removed_and_heading_becomes_title():
    md = (
        "# Zangezur *corridor* update\n\n"
        "The **railway** from [Horadiz](https://example.org) to Meghri and on to "
        "Nakhchivan is planned.\n\n- Aghband crossing\n- `code` bit\n\n---\n> quoted Baku"
    )
    p = ingest.prepare_file(md.encode(), "note.md")
    assert p.title_hint == "Zangezur corridor update"
    assert "**" not in p.text and "](" not in p.text and "# " not in p.text
    assert "The railway from Horadiz to Meghri" in p.text
    assert "Aghband crossing" in p.text and "quoted Baku" in p.text
    assert p.extraction == "markdown"


def test_html_main_text_is_extracted_and_payloads_never_reach_the_text():
    raw = (DATA / "payload_article.html").read_bytes()
    p = ingest.prepare_file(raw, "payload_article.html")
    assert p.extraction.startswith("html: trafilatura ")
    for place in ("Nakhchivan", "Meghri", "Aghband", "Horadiz"):
        assert place in p.text
    for bad in (
        "alert(1)",
        "alert(2)",
        "alert(3)",
        "alert(4)",
        "alert(6)",
        "onerror",
        "onload",
        "javascript:",
        "head-script",
        "insertAdjacentHTML",
        "background: red",
        "Home |",
    ):
        assert bad not in p.text
    # escaped markup inside a paragraph is article text and is kept literally
    assert "</div><script>alert(5)</script>" in p.text
    assert p.title_hint.startswith("Rail and road on the Araxes")


def test_html_in_cp1251_is_decoded():
    html = (
        "<html><head><meta charset='windows-1251'><title>Т</title></head><body><article>"
        "<p>Железная дорога из Карса в Нахичевань пройдёт через Мегри и Агбенд вдоль Аракса. "
        "Инженеры в Баку говорят, что участок длиной сорок километров будет готов.</p>"
        "</article></body></html>"
    )
    p = ingest.prepare_file(html.encode("cp1251"), "ru.html")
    assert "Нахичевань" in p.text and "Мегри" in p.text


def test_pdf_text_layer_is_extracted():
    raw = text_pdf(ARTICLE.split("\n"), title="Rail to Nakhchivan")
    p = ingest.prepare_file(raw, "report.pdf")
    assert "Nakhchivan" in p.text and "Aghband" in p.text
    assert p.extraction.startswith("pdf: pypdf ") and "1 page(s)" in p.extraction
    assert p.title_hint == "Rail to Nakhchivan"


def test_pasted_text():
    p = ingest.prepare_text("\n" + ARTICLE + "\n")
    assert p.text == ARTICLE and p.extraction == "pasted" and p.original_name == "pasted text"


# -------------------------------------------------------------------- bad input


def test_empty_file_is_rejected():
    err = rejected(b"", "empty.txt")
    assert err.kind == "empty" and str(err) == "empty.txt: is empty"
    assert rejected(b" \n\t\r\n ", "blank.md").kind == "empty"


def test_empty_pasted_text_is_rejected():
    with pytest.raises(ingest.IngestError, match="pasted text: is empty"):
        ingest.prepare_text("   \n  ")


def test_binary_file_with_text_extension_is_rejected():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    err = rejected(png, "photo.txt")
    assert err.kind == "binary" and "photo.txt" in str(err) and "PNG image" in str(err)
    err = rejected(b"MZ" + b"\x00" * 64 + b"This program cannot be run in DOS mode", "tool.md")
    assert err.kind == "binary"
    err = rejected(b"some text\x00\x00\x01\x02 more" * 10, "nul.txt")
    assert err.kind == "binary" and "NUL bytes" in str(err)


def test_cp1251_text_is_detected_and_decoded():
    ru = (
        "Нахичевань и Мегри: дорога через Зангезур. Армения и Азербайджан обсуждают коридор.\n"
        "Второй абзац о железной дороге в Карсе и об участке у Агбенда."
    )
    p = ingest.prepare_file(ru.encode("cp1251"), "ru.txt")
    assert p.text == ru
    assert p.extraction == "text, decoded from cp1251"
    assert any("ru.txt was not UTF-8" in n for n in p.notes)


def test_latin1_text_is_detected_and_decoded():
    fr = (
        "Le corridor de Zanguezour traverse la région de Syunik près de Meghri. Les "
        "négociations à Genève ont été longues.\nÉtude économique du chemin de fer."
    )
    p = ingest.prepare_file(fr.encode("latin-1"), "fr.txt")
    assert p.text == fr
    assert "decoded from" in p.extraction


def test_undeterminable_encoding_is_rejected_clearly():
    err = rejected(bytes(range(128, 256)) * 8, "mystery.txt")
    assert err.kind == "encoding"
    assert str(err).startswith("mystery.txt: is not UTF-8")
    assert "save it as UTF-8" in str(err)


def test_forced_encoding_that_does_not_fit_is_rejected():
    err = rejected(b"\x81\x81 bad", "x.txt", encoding="utf-8")
    assert err.kind == "encoding" and "cannot be decoded as utf-8" in str(err)


def test_too_large_file_is_rejected_with_the_limit(monkeypatch):
    err = rejected(b"word " * 300, "big.txt", limit=1000)
    assert err.kind == "too_large" and "big.txt" in str(err) and "limit" in str(err)
    monkeypatch.setenv(ingest.MAX_MB_ENV, "0.001")
    assert ingest.max_bytes() == 1000  # MB = 1,000,000 bytes, as the uploader counts
    assert rejected(b"word " * 300, "big.txt").kind == "too_large"
    monkeypatch.delenv(ingest.MAX_MB_ENV)
    assert ingest.max_bytes() == 5_000_000
    assert ingest.uploader_limit_mb(ingest.max_bytes()) == 5
    assert ingest.prepare_file((ARTICLE + " ").encode() * 100, "ok.txt").text


@pytest.mark.parametrize("value", ["lots", "-1", "0", "nan", "inf", "-inf", "1e400", "1e-9"])
def test_bad_size_limit_setting_is_reported(monkeypatch, value):
    monkeypatch.setenv(ingest.MAX_MB_ENV, value)
    with pytest.raises(ValueError, match="ATLAS_MAX_UPLOAD_MB"):
        ingest.max_bytes()


def test_reading_is_bounded_for_devices_and_pipes(tmp_path):
    with pytest.raises(ingest.IngestError, match="larger than the limit") as err:
        ingest.read_limited(Path("/dev/zero"), 1000)
    assert err.value.kind == "too_large"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"yes Baku > {fifo}"])
    try:
        with pytest.raises(ingest.IngestError, match="larger than the limit"):
            ingest.read_limited(fifo, 10_000)
    finally:
        writer.kill()
        writer.wait()
    assert ingest.read_limited(Path("/dev/null"), 10) == b""
    with pytest.raises(ingest.IngestError, match="cannot be read") as err:
        ingest.read_limited(tmp_path, 10)
    assert err.value.kind == "storage"


def test_too_large_pasted_text_is_rejected():
    with pytest.raises(ingest.IngestError, match="the limit is"):
        ingest.prepare_text(ARTICLE * 100, limit=1000)


def test_html_with_only_scripts_is_rejected_as_no_text():
    raw = (
        b"<html><head><script>alert(1)</script></head>"
        b"<body><img src=x onerror=alert(2)></body></html>"
    )
    err = rejected(raw, "trap.html")
    assert err.kind == "no_text" and err.name == "trap.html"


def test_pdf_without_text_layer_is_rejected():
    err = rejected(image_pdf(), "scan.pdf")
    assert err.kind == "no_text"
    assert str(err).startswith("scan.pdf: PDF has no text layer")


def test_file_named_pdf_that_is_not_a_pdf_is_rejected():
    err = rejected(b"just some words pretending " * 5, "fake.pdf")
    assert err.kind == "bad_pdf" and "not a PDF" in str(err)


def test_damaged_pdf_is_rejected():
    raw = text_pdf(["Nakhchivan"])[:300]
    err = rejected(raw, "cut.pdf")
    assert err.kind in ("bad_pdf", "no_text") and err.name == "cut.pdf"


def test_unsupported_extension_is_rejected():
    err = rejected(b"PK\x03\x04 zipped", "article.docx")
    assert err.kind == "unsupported" and ".docx" in str(err)


def test_too_few_words_is_rejected():
    assert rejected(b"Meghri", "one.txt").kind == "no_text"


@pytest.mark.parametrize(
    ("meta", "fragment"),
    [
        ({"date": "12/05/2024"}, "is not YYYY-MM-DD"),
        ({"date": "2024-02-30"}, "does not exist"),
        ({"url": "javascript:alert(1)"}, r"not an http\(s\) address"),
        ({"url": "www.example.org"}, r"not an http\(s\) address"),
    ],
)
def test_bad_metadata_is_rejected(meta, fragment):
    with pytest.raises(ingest.IngestError, match=fragment) as info:
        ingest.check_metadata(meta, "a.txt")
    assert info.value.kind == "bad_metadata" and str(info.value).startswith("a.txt: ")


def test_good_metadata_is_cleaned():
    clean = ingest.check_metadata(
        {"title": " Rail \n talk ", "date": "2024-05", "url": "https://example.org/a?b=1"}, "a"
    )
    assert clean == {
        "title": "Rail talk",
        "author": "",
        "outlet": "",
        "date": "2024-05",
        "url": "https://example.org/a?b=1",
    }


@pytest.mark.parametrize("text", [
    "garçon, déjà, naïve",
    "Le garçon a déjà vu la forêt près de Montréal.",
    "Où est la gare ? À Bakou, l’été dernier, c’était « très » chaud.",
    "Über die Brücke gehen wir heute Abend – sagt Jürgen.",
    "El niño pequeño comió mañana en Tiflis.",
])
@pytest.mark.parametrize("codec", ["cp1252", "latin_1"])
def test_western_european_text_is_not_garbled(text, codec):
    try:
        raw = text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip("not representable in this code page")
    decoded, used = ingest.decode_bytes(raw, "f.txt")
    assert decoded == text and used in ("cp1252", "latin_1")


def test_cyrillic_code_page_is_still_detected():
    text = "Железная дорога Карс — Ахалкалаки соединит Баку и Тбилиси с Турцией."
    decoded, used = ingest.decode_bytes(text.encode("cp1251"), "ru.txt")
    assert decoded == text and used == "cp1251"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(codec):
    text = ARTICLE + "\nGarçon – Баку."
    prepared = ingest.prepare_file(text.encode(codec), "u16.txt")
    assert prepared.text.startswith(ARTICLE.split("\n")[0]) and "Garçon – Баку." in prepared.text
    assert any(codec in note for note in prepared.notes)  # the choice is shown


def test_bidi_controls_are_stripped_from_metadata():
    clean = ingest.check_metadata({"title": "Baku \u202egnissorc\u202c rail", "outlet":
                                   "\u2067Trend\u2069"}, "x.txt")
    assert clean["title"] == "Baku gnissorc rail" and clean["outlet"] == "Trend"


def test_page_of_100k_elements_keeps_its_text_without_the_slow_path():
    body = "".join(f"<div>Part {i}</div>" for i in range(100_000))
    page = (f"<html><head><title>Kars &amp; Baku</title></head><body><p>{ARTICLE}</p>"
            f"{body}</body></html>").encode()
    prepared = ingest.prepare_file(page, "big.html", limit=10**8)
    assert ARTICLE.split("\n")[0] in prepared.text and "Part 99999" in prepared.text
    assert prepared.title_hint == "Kars & Baku" and "whole-page text" in prepared.extraction


def test_lxml_html_clean_is_pinned_for_trafilatura():
    reqs = (Path(__file__).resolve().parents[2] / "requirements.txt").read_text()
    assert re.search(r"^lxml_html_clean==[\d.]+$", reqs, re.MULTILINE)
    import lxml.html.clean  # noqa: F401 -- what trafilatura imports
