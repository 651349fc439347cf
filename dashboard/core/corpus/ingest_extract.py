"""Text extraction of incoming HTML (trafilatura), PDF (pypdf) and Markdown files."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from importlib.metadata import PackageNotFoundError, version

from dashboard.core.corpus.errors import IngestError
from dashboard.core.corpus.ingest_decode import decode_bytes

#: Fewer words than this is not an article (after extraction and normalisation).
MIN_WORDS = 5
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
#: Above this many tags a page is reduced to its whole text: trafilatura's main-text
#: and metadata search take minutes on 100,000 elements (seconds below this bound).
MAX_HTML_TAGS = 20_000
#: A PDF content stream may decompress to at most this many times the text budget (text
#: operators and positioning take room: a real page's stream is a few times its text).
PDF_STREAM_FACTOR = 10
#: Nor to more than this many bytes, whatever the budget (pypdf's own default is 75 MB).
PDF_STREAM_CAP = 75_000_000
_MB = 1_000_000
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


def over_budget(name: str, limit: int) -> IngestError:
    """Return the error of a file whose extracted text is larger than ``limit`` bytes."""
    return IngestError(name, f"its text is over {limit / _MB:g} MB once extracted (the limit "
                       "of an article; set ATLAS_MAX_UPLOAD_MB to change it)", "too_large")


class _TextOnly(HTMLParser):
    """Collect the text of a page with the standard library's parser (no depth limit)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        elif tag in ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "section"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text_fallback(text: str) -> str:
    """Return the text of a page that lxml could not read (e.g. nested deeper than 255)."""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - installed in every supported setup
        return "?"


def strip_markdown(text: str) -> tuple[str, str]:
    """Remove common Markdown markup; return ``(text, first heading)``."""
    title = ""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence:
            if re.match(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", line):
                continue  # horizontal rule
            heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if heading:
                line = heading.group(1)
            line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)  # images -> alt text
            line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links -> text
            line = re.sub(r"^\s{0,3}>\s?", "", line)  # block quotes
            line = re.sub(r"^(\s*)[-*+]\s+", r"\1", line)  # bullets
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", line)
            line = re.sub(r"`([^`]+)`", r"\1", line)
            if heading and not title:
                title = line
        out.append(line)
    return "\n".join(out), title


def extract_html(raw: bytes, name: str) -> tuple[str, str, str]:
    """Extract the main text of an HTML page with trafilatura.

    Parameters
    ----------
    raw
        HTML bytes (any encoding trafilatura can detect).
    name
        File name, for messages.

    Returns
    -------
    tuple of str
        ``(text, title, method)``; scripts, styles, attributes and markup are dropped.

    Raises
    ------
    IngestError
        ``kind="no_text"`` when the page has no extractable text.
    """
    import trafilatura

    text, encoding = decode_bytes(raw, name)
    method = f"html: trafilatura {_pkg_version('trafilatura')}"
    if encoding not in ("utf-8",):
        method += f", decoded from {encoding}"
    if text.count("<") > MAX_HTML_TAGS:  # main-text search and metadata are superlinear
        extracted = trafilatura.html2txt(text) or html_text_fallback(text)
        if not extracted.strip():
            raise IngestError(name, "HTML page holds no readable text", "no_text")
        found = _TITLE.search(text[:200_000])
        title = " ".join(html.unescape(found.group(1)).split()) if found else ""
        return extracted, title, method + f" (whole-page text: over {MAX_HTML_TAGS:,} tags)"
    extracted = trafilatura.extract(
        text,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not extracted or not extracted.strip():
        extracted = trafilatura.html2txt(text) or ""
        method += " (whole-page fallback)"
    if not extracted.strip():  # lxml gives up on deep nesting; the standard parser does not
        extracted = html_text_fallback(text)
        method += ", read by the standard HTML parser"
    title = ""
    meta = trafilatura.extract_metadata(text)
    if meta is not None and meta.title:
        title = meta.title
    if not extracted.strip():
        raise IngestError(name, "HTML page holds no readable text", "no_text")
    return extracted, title, method


def html_page_metadata(raw: bytes, name: str) -> dict[str, str]:
    """Return what an HTML page's own metadata states about the article.

    Parameters
    ----------
    raw
        HTML bytes.
    name
        File name, for messages.

    Returns
    -------
    dict of str
        ``date`` (the published date, from htmldate: see
        :func:`dashboard.core.corpus.dates.html_published_date`), ``author``, ``outlet``
        (the site name), ``url`` (the canonical address) and ``licence`` from trafilatura's
        metadata; ``""`` for what the page does not state (never today's date).
    """
    import trafilatura

    from dashboard.core.corpus.dates import html_published_date

    text, _ = decode_bytes(raw, name)
    out = {"date": html_published_date(text) or "", "author": "", "outlet": "", "url": "",
           "licence": ""}
    if text.count("<") > MAX_HTML_TAGS:  # trafilatura's metadata search is superlinear
        return out
    meta = trafilatura.extract_metadata(text)
    if meta is not None:
        for key, value in (("author", meta.author), ("outlet", meta.sitename),
                           ("url", meta.url), ("licence", meta.license)):
            out[key] = " ".join(str(value or "").split())[:300]
    return out



class _Budget(Exception):
    """Raised inside pypdf's text visitor when the text budget is spent."""


def _page_texts(reader, name: str, limit: int) -> list[str]:
    """Extract page by page, stopping as soon as the text passes ``limit`` bytes."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    used = 0

    def count(text, *_args) -> None:
        nonlocal used
        used += len(text)
        if used > limit:
            raise _Budget

    stream_cap = min(PDF_STREAM_CAP, max(limit * PDF_STREAM_FACTOR, 1_000_000))
    pages: list[str] = []
    with apply_configuration(zlib_maximum_output_length=stream_cap,
                             lzw_maximum_output_length=stream_cap,
                             run_length_maximum_output_length=stream_cap,
                             brotli_maximum_output_length=stream_cap,
                             stream_decoding_work_maximum_length=4 * stream_cap):
        try:
            for page in reader.pages:
                pages.append(page.extract_text(visitor_text=count) or "")
                used = sum(len(p.encode("utf-8")) for p in pages)
                if used > limit:
                    raise _Budget
        except (_Budget, LimitReachedError):
            raise over_budget(name, limit) from None
    return pages


def extract_pdf(raw: bytes, name: str, limit: int = 5 * _MB) -> tuple[str, str, str]:
    """Extract the text layer of a PDF with pypdf, page by page within a text budget.

    Parameters
    ----------
    raw
        PDF bytes.
    name
        File name, for messages.
    limit
        Most bytes of text the PDF may become: extraction stops (and the file is refused)
        as soon as its text passes it, and no content stream may decompress to more than
        :data:`PDF_STREAM_FACTOR` times it, so time and memory stay bounded.

    Returns
    -------
    tuple of str
        ``(text, title, method)``; pages are separated by a blank line.

    Raises
    ------
    IngestError
        ``kind="bad_pdf"`` when the PDF cannot be opened (damaged, encrypted);
        ``kind="no_text"`` when it has no text layer (a scan); ``kind="too_large"`` when
        its text is over ``limit``.
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if not raw.startswith(b"%PDF-"):
        raise IngestError(name, "is named .pdf but is not a PDF file", "bad_pdf")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError(name, "PDF is password-protected", "bad_pdf")
            except (NotImplementedError, DependencyError) as exc:
                raise IngestError(name, f"PDF is encrypted ({exc})", "bad_pdf") from None
        pages = _page_texts(reader, name, limit)
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(name, f"PDF cannot be read ({exc})", "bad_pdf") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if len(re.findall(r"\w{2,}", text)) < MIN_WORDS:
        raise IngestError(
            name,
            f"PDF has no text layer ({len(pages)} page(s) of images, e.g. a scan); "
            "run OCR on it first or paste the text",
            "no_text",
        )
    method = f"pdf: pypdf {_pkg_version('pypdf')}, {len(pages)} page(s)"
    return text, title, method
