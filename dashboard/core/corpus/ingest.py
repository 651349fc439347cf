"""Checking, decoding and text extraction of articles brought in by the analyst.

An incoming article is a file (``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``) or pasted
text.  :func:`prepare_file` and :func:`prepare_text` turn it into a :class:`Prepared`
article -- plain UTF-8 text plus provenance -- or raise :class:`IngestError` with a
message that names the file and the problem.  Nothing here touches the disk; storing is
:mod:`dashboard.core.corpus.store`'s job.  Decoding lives in
:mod:`dashboard.core.corpus.ingest_decode`, HTML/PDF/Markdown extraction in
:mod:`dashboard.core.corpus.ingest_extract`.

Checks, in order
----------------
1. size: larger than the limit (default 5 MB, ``ATLAS_MAX_UPLOAD_MB``) -> rejected;
2. empty: no bytes or only whitespace -> rejected;
3. format: by extension; a ``.pdf`` must start with ``%PDF-``; a text file that starts
   with a known binary signature (PNG, JPEG, GIF, ZIP/Office, gzip, ELF, PDF ...) or
   holds NUL bytes / many control characters -> rejected as binary;
4. encoding: UTF-8 (a UTF-8/UTF-16 byte-order mark is honoured and dropped); otherwise
   the encoding is detected with charset-normalizer and accepted only if it is one of
   the single-byte European or Cyrillic code pages (cp1251, cp1252, latin-1 ...) and the
   decoded text looks like language -- anything else is rejected with a plain message;
5. extraction: HTML main text with trafilatura (scripts, styles, event handlers and
   markup never reach the text), PDF text layer with pypdf (no text layer -> rejected),
   Markdown markup removed;
6. the extracted text is normalised (NFC, LF line ends, control characters
   removed, trailing spaces and runs of blank lines collapsed) and must still hold
   words.

The content hash is the sha256 of the normalised text, so the same article in two
formats (or re-saved with other line endings) is recognised as a duplicate.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from dashboard.core.corpus.errors import IngestError
from dashboard.core.corpus.ingest_decode import binary_kind, decode_bytes, utf16_without_bom
from dashboard.core.corpus.ingest_extract import (
    MIN_WORDS,
    extract_html,
    extract_pdf,
    html_page_metadata,
    over_budget,
    strip_markdown,
)
from dashboard.core.corpus.loader import strip_bidi
from dashboard.core.text.normalise import fold

DEFAULT_MAX_MB: float = 5.0
MAX_MB_ENV = "ATLAS_MAX_UPLOAD_MB"
#: A megabyte, as the file uploader counts it (1,000,000 bytes): one unit everywhere.
MB = 1_000_000
MAX_LIMIT_MB = 1000.0
TEXT_EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md", ".markdown")
HTML_EXTENSIONS: tuple[str, ...] = (".html", ".htm", ".xhtml")
PDF_EXTENSIONS: tuple[str, ...] = (".pdf",)
SUPPORTED_EXTENSIONS: tuple[str, ...] = TEXT_EXTENSIONS + HTML_EXTENSIONS + PDF_EXTENSIONS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u2028\u2029]")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")  # ASCII digits only
#: Most characters of a metadata value; a longer one is refused, never silently cut.
MAX_META_CHARS = 500


@dataclass(frozen=True)
class Prepared:
    """An article ready to be stored: normalised text plus provenance.

    Attributes
    ----------
    text
        Normalised UTF-8 text (what is stored and geoparsed).
    sha256
        Hex sha256 of ``text`` encoded as UTF-8.
    original_name
        File name as given (``"pasted text"`` for pasted text).
    extraction
        How the text was obtained, e.g. ``"html: trafilatura 2.3.1"``.
    title_hint
        Title found in the document itself ("" when none).
    notes
        Remarks for the analyst (e.g. the detected encoding).
    page
        What an HTML page's metadata states (``(key, value)`` pairs of ``date``,
        ``author``, ``outlet``, ``url``, ``licence``; see
        :func:`~dashboard.core.corpus.ingest_extract.html_page_metadata`); empty otherwise.
    """

    text: str
    sha256: str
    original_name: str
    extraction: str
    title_hint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    page: tuple[tuple[str, str], ...] = ()

    def page_meta(self, key: str) -> str:
        """Return one value the page's metadata states ("" when none)."""
        return dict(self.page).get(key, "")


def display_name(text: object) -> str:
    """Return ``text`` without control and format characters, safe to print or store.

    NUL, newlines, ANSI escapes and bidi overrides are dropped (a file's original name).
    """
    return "".join(c for c in str(text) if unicodedata.category(c) not in ("Cc", "Cf"))


def parse_limit_mb(raw: object, source: str = MAX_MB_ENV) -> int:
    """Turn a limit in megabytes (``MB`` = 1,000,000 bytes) into bytes, refusing nonsense.

    Parameters
    ----------
    raw
        The limit as given (a string or a number; may be fractional).
    source
        Where it came from, for the message (the variable or option name).

    Returns
    -------
    int
        The limit in bytes (at least 1).

    Raises
    ------
    ValueError
        If it is not a finite number greater than zero, or absurdly large.
    """
    try:
        value = float(str(raw).strip())
    except ValueError:
        raise ValueError(f"{source}={raw!r} is not a number of megabytes") from None
    if not math.isfinite(value) or value <= 0 or value * MB < 1:
        raise ValueError(f"{source}={raw!r} must be a positive number of megabytes")
    if value > MAX_LIMIT_MB:
        raise ValueError(f"{source}={raw!r} is more than {MAX_LIMIT_MB:g} MB")
    return int(value * MB)


def max_bytes() -> int:
    """Return the size limit for one incoming file in bytes (the one limit of the app).

    The uploader (:func:`uploader_limit_mb`), the checks and the ``add`` command all
    use it.

    Returns
    -------
    int
        ``ATLAS_MAX_UPLOAD_MB`` (megabytes of 1,000,000 bytes, may be fractional) or 5 MB.

    Raises
    ------
    ValueError
        If ``ATLAS_MAX_UPLOAD_MB`` is set but is not a positive number.
    """
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    return parse_limit_mb(raw) if raw else int(DEFAULT_MAX_MB * MB)


def uploader_limit_mb(limit: int) -> int:
    """Return the file uploader's ``max_upload_size`` (whole MB) for a limit in bytes."""
    return max(1, math.ceil(limit / MB))


def read_limited(path: Path, limit: int) -> bytes:
    """Read ``path`` but never more than ``limit`` bytes, whatever the file is.

    The size is checked while reading, so devices (``/dev/zero``), pipes and files
    that grow are bounded too; ``st_size`` is not trusted.

    Parameters
    ----------
    path
        The file.
    limit
        Size limit in bytes.

    Returns
    -------
    bytes
        The whole content (at most ``limit`` bytes).

    Raises
    ------
    IngestError
        ``too_large`` when there is more, ``storage`` when it cannot be read (a
        folder, a permission problem).
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})", "storage") from None
    if len(data) > limit:
        raise IngestError(path.name, f"is larger than the limit of {_mb(limit)} (set "
                          f"{MAX_MB_ENV} or --max-mb to change it)", "too_large")
    return data


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def size_error(name: str, size: int, limit: int) -> IngestError:
    """Return the error for a file over the size limit.

    Parameters
    ----------
    name
        File name.
    size, limit
        Its size and the limit, in bytes.

    Returns
    -------
    IngestError
        ``kind="too_large"``.
    """
    return IngestError(
        name,
        f"is {_mb(size)}; the limit is {_mb(limit)} (set {MAX_MB_ENV} to change it)",
        "too_large",
    )


def normalise_text(text: str) -> str:
    """Normalise extracted text into the stored form.

    Parameters
    ----------
    text
        Raw decoded or extracted text.

    Returns
    -------
    str
        NFC text with LF line ends, no control characters (tab becomes a space),
        no trailing spaces, at most one blank line in a row, no leading or trailing
        blank space.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\u00a0", " "))
    lines = [re.sub(r" {2,}", " ", line).rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the normalised form of ``text``.

    Parameters
    ----------
    text
        Any article text (it is normalised first).

    Returns
    -------
    str
        64 hex characters.
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def match_hash(text: str) -> str:
    """Return the sha256 of ``text`` with quotes, dashes and whitespace folded away.

    Two extractions of one article (a plain-text file and a saved web page of it)
    differ in line breaks, spacing and typographic quotes; this key ignores those (the
    quotes and dashes fold as in :func:`dashboard.core.text.normalise.fold`), so they are
    recognised as the same text.

    Parameters
    ----------
    text
        Any article text.

    Returns
    -------
    str
        64 hex characters.
    """
    folded = fold(unicodedata.normalize("NFKC", text))
    return hashlib.sha256(re.sub(r"\s+", "", folded).encode("utf-8")).hexdigest()


def _finish(text: str, name: str, method: str, title: str, notes: list[str],
            limit: int | None = None) -> Prepared:
    if limit is not None and len(text) > limit:  # chars <= UTF-8 bytes: a cheap first check
        raise over_budget(name, limit)
    text = normalise_text(text)
    if limit is not None and len(text.encode("utf-8")) > limit:
        raise over_budget(name, limit)
    if not text:
        raise IngestError(name, "no text left after extraction", "no_text")
    if len(re.findall(r"\w{2,}", text)) < MIN_WORDS:
        raise IngestError(
            name, f"too little text to be an article (fewer than {MIN_WORDS} words)", "no_text"
        )
    return Prepared(
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        original_name=name,
        extraction=method,
        title_hint=normalise_text(title).split("\n")[0][:300],
        notes=tuple(notes),
    )


def _guarded(
    extractor: Callable[[bytes, str], tuple[str, str, str]], raw: bytes, name: str
) -> tuple[str, str, str]:
    """Run an extractor; turn an unexpected library failure into an :class:`IngestError`."""
    try:
        return extractor(raw, name)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parsers fail in many ways
        raise IngestError(
            name, f"could not be read ({type(exc).__name__}: {exc})", "unreadable"
        ) from None


def _page_pairs(raw: bytes, name: str) -> tuple[tuple[str, str], ...]:
    """Return the page's metadata as pairs; a page whose metadata cannot be read states none."""
    try:
        meta = html_page_metadata(raw, name)
    except Exception:  # noqa: BLE001 - metadata is a bonus: the text was extracted already
        return ()
    return tuple((k, strip_bidi(normalise_text(v))) for k, v in meta.items() if v)


def prepare_file(
    raw: bytes, name: str, *, limit: int | None = None, encoding: str | None = None
) -> Prepared:
    """Check and extract one incoming file.

    Parameters
    ----------
    raw
        File content.
    name
        Original file name; its extension selects the extractor.
    limit
        Size limit in bytes (default :func:`max_bytes`).
    encoding
        Force a codec for text/Markdown files instead of detecting it.

    Returns
    -------
    Prepared
        The normalised text with provenance.

    Raises
    ------
    IngestError
        With a message naming the file and the problem (see the module docstring).
    """
    name = display_name(Path(display_name(name)).name) or "unnamed file"
    limit = max_bytes() if limit is None else limit
    if len(raw) > limit:
        raise size_error(name, len(raw), limit)
    if not raw.strip():
        raise IngestError(name, "is empty", "empty")
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise IngestError(
            name,
            f"has an unsupported type {suffix or '(no extension)'}; use "
            + ", ".join(SUPPORTED_EXTENSIONS),
            "unsupported",
        )
    if suffix in PDF_EXTENSIONS:
        text, title, method = _guarded(partial(extract_pdf, limit=limit), raw, name)
        return _finish(text, name, method, title, [], limit)
    binary = None if utf16_without_bom(raw) else binary_kind(raw)
    if binary:
        raise IngestError(name, f"is not a text file: it is {binary}", "binary")
    notes: list[str] = []
    if suffix in HTML_EXTENSIONS:
        text, title, method = _guarded(extract_html, raw, name)
        prepared = _finish(text, name, method, title, notes, limit)
        return replace(prepared, page=_page_pairs(raw, name))
    text, used = decode_bytes(raw, name, encoding)
    method = "markdown" if suffix in (".md", ".markdown") else "text"
    if used != "utf-8":
        method += f", decoded from {used}"
        notes.append(f"{name} was not UTF-8; decoded as {used} and stored as UTF-8")
    title = ""
    if method.startswith("markdown"):
        text, title = strip_markdown(text)
    return _finish(text, name, method, title, notes)


def prepare_text(text: str, name: str = "pasted text", *, limit: int | None = None) -> Prepared:
    """Check pasted text.

    Parameters
    ----------
    text
        The pasted article.
    name
        Label used in messages and as the original name.
    limit
        Size limit in bytes of the UTF-8 text (default :func:`max_bytes`).

    Returns
    -------
    Prepared
        The normalised text with provenance ``"pasted"``.

    Raises
    ------
    IngestError
        If the text is empty, too large or too short.
    """
    limit = max_bytes() if limit is None else limit
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise size_error(name, size, limit)
    if not text.strip():
        raise IngestError(name, "is empty", "empty")
    if "\x00" in text:
        raise IngestError(name, "is not text: it contains NUL characters", "binary")
    return _finish(text, name, "pasted", "", [])


def check_metadata(meta: dict[str, str], name: str) -> dict[str, str]:
    """Validate and clean analyst-entered metadata.

    Parameters
    ----------
    meta
        Keys ``title``, ``author``, ``outlet``, ``date``, ``url`` (any may be missing).
    name
        File name, for messages.

    Returns
    -------
    dict of str
        Cleaned values (single line, stripped; ``""`` when missing).

    Raises
    ------
    IngestError
        ``kind="bad_metadata"`` when the date is not ``YYYY[-MM[-DD]]`` or the URL is not
        an ``http(s)`` address.
    """
    clean: dict[str, str] = {}
    for key in ("title", "author", "outlet", "date", "url"):
        value = " ".join(strip_bidi(normalise_text(str(meta.get(key) or ""))).split())
        if len(value) > MAX_META_CHARS:
            raise IngestError(name, f"{key} is {len(value):,} characters; the limit is "
                              f"{MAX_META_CHARS} (nothing was saved)", "bad_metadata")
        clean[key] = value
    when = clean["date"]
    if when:
        if not _DATE.match(when):
            raise IngestError(
                name, f"date {when!r} is not YYYY-MM-DD (or YYYY-MM, YYYY)", "bad_metadata"
            )
        parts = [int(p) for p in when.split("-")] + [1, 1]
        try:
            date(parts[0], parts[1], parts[2])
        except ValueError:
            raise IngestError(name, f"date {when!r} does not exist", "bad_metadata") from None
    url = clean["url"]
    if url:
        parsed = urlparse(url)
        if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc or " " in url:
            raise IngestError(name, f"URL {url!r} is not an http(s) address", "bad_metadata")
    return clean
