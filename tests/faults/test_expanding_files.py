"""Limits on what a file becomes: a small PDF that expands to much text is refused early."""

from __future__ import annotations

import time
import tracemalloc
import zlib

import pytest
from pypdf import PageObject

from dashboard.core.corpus import ingest
from dashboard.core.corpus.errors import IngestError

LINE = "Baku Tbilisi Kars railway corridor "


def expanding_pdf(pages: int, repeats: int) -> bytes:
    """A PDF whose pages each hold one compressed stream repeating a line ``repeats`` times."""
    packer = zlib.compressobj(9)
    op = f"({LINE * 20}) Tj T* ".encode()
    chunks = [packer.compress(b"BT /F1 10 Tf 12 TL 72 720 Td ")]
    chunks += [packer.compress(op * 1000) for _ in range(repeats // 1000)]
    stream = b"".join([*chunks, packer.compress(op * (repeats % 1000) + b"ET"), packer.flush()])
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>".encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                    f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
                    + stream + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                              xref)
    return bytes(out)


def test_the_generator_makes_a_readable_pdf():
    prepared = ingest.prepare_file(expanding_pdf(2, 3), "small.pdf")
    assert prepared.text.count("Kars") == 2 * 3 * 20


def test_expanding_pdf_is_refused_once_its_text_passes_the_limit(monkeypatch):
    limit = 300_000
    pdf = expanding_pdf(pages=12, repeats=300)  # 12 x 210 kB of text, 2.5 MB in all
    assert len(pdf) < 20_000  # the bytes are far under the limit
    calls: list[int] = []
    real = PageObject.extract_text
    monkeypatch.setattr(PageObject, "extract_text",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    started = time.perf_counter()
    with pytest.raises(IngestError) as err:
        ingest.prepare_file(pdf, "bomb.pdf", limit=limit)
    assert "bomb.pdf: its text is over 0.3 MB once extracted" in str(err.value)
    assert err.value.kind == "too_large"
    assert len(calls) <= 2  # streamed: stopped on the page that passed the budget
    assert time.perf_counter() - started < 30  # generous bound; the work is what is checked


def test_one_page_stream_bomb_is_refused_in_bounded_memory():
    pdf = expanding_pdf(pages=1, repeats=60_000)  # one stream of 43 MB text, ~100 kB file
    assert len(pdf) < 300_000
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as err:
            ingest.prepare_file(pdf, "one.pdf", limit=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "one.pdf: its text is over 1 MB once extracted" in str(err.value)
    assert peak < 150_000_000  # the stream is cut at 10x the budget, not read whole


def test_deeply_nested_html_with_text_is_read():
    body = ("<div>" * 5000 + "<p>Baku and Tbilisi signed a railway deal near Kars on Monday, "
            "officials said.</p>" + "</div>" * 5000)
    prepared = ingest.prepare_file(f"<html><body>{body}</body></html>".encode(), "deep.html")
    assert "railway deal near Kars" in prepared.text
