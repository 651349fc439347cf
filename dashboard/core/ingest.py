"""Checking, decoding and text extraction of articles brought in by the analyst.

An incoming article is a file (``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``) or pasted
text.  :func:`prepare_file` and :func:`prepare_text` turn it into a :class:`Prepared`
article -- plain UTF-8 text plus provenance -- or raise :class:`IngestError` with a
message that names the file and the problem.  Nothing here touches the disk; storing is
:mod:`dashboard.core.store`'s job.

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
import html
import io
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlparse

from dashboard.core.corpus import CorpusError, strip_bidi

DEFAULT_MAX_MB: float = 5.0
MAX_MB_ENV = "ATLAS_MAX_UPLOAD_MB"
#: A megabyte, as the file uploader counts it (1,000,000 bytes): one unit everywhere.
MB = 1_000_000
MAX_LIMIT_MB = 1000.0
TEXT_EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md", ".markdown")
HTML_EXTENSIONS: tuple[str, ...] = (".html", ".htm", ".xhtml")
PDF_EXTENSIONS: tuple[str, ...] = (".pdf",)
SUPPORTED_EXTENSIONS: tuple[str, ...] = TEXT_EXTENSIONS + HTML_EXTENSIONS + PDF_EXTENSIONS
MIN_WORDS = 5

#: Encodings accepted when a file is not UTF-8 (Python codec names as charset-normalizer
#: reports them).  Multi-byte Asian encodings are excluded: on short European or Cyrillic
#: text they are the detector's usual false positives.
FALLBACK_ENCODINGS: frozenset[str] = frozenset(
    {
        "cp1250",
        "cp1251",
        "cp1252",
        "cp1253",
        "cp1254",
        "cp1257",
        "latin_1",
        "iso8859_2",
        "iso8859_5",
        "iso8859_7",
        "iso8859_9",
        "iso8859_13",
        "iso8859_15",
        "koi8_r",
        "koi8_u",
        "mac_cyrillic",
        "mac_roman",
        "cp866",
        "utf_16",
        "utf_16_le",
        "utf_16_be",
    }
)
_MAX_CHAOS = 0.2
#: Tie-break among equally plausible encodings: the code pages analysts' files come in.
PREFERRED_ENCODINGS: tuple[str, ...] = (
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "cp1252",
    "latin_1",
    "cp1251",
    "iso8859_15",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "cp1254",
    "iso8859_9",
    "cp1253",
    "iso8859_7",
    "iso8859_5",
    "koi8_u",
    "mac_cyrillic",
    "cp866",
    "cp1257",
    "iso8859_13",
    "mac_roman",
)

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u2028\u2029]")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
#: Above this many tags a page is reduced to its whole text: trafilatura's main-text
#: and metadata search take minutes on 100,000 elements (seconds below this bound).
MAX_HTML_TAGS = 20_000
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class IngestError(CorpusError):
    """An incoming article was rejected.

    Parameters
    ----------
    path
        The file name as given by the analyst (or ``"pasted text"``).
    problem
        What is wrong, in plain words.
    kind
        Machine-readable reason: ``too_large``, ``empty``, ``binary``, ``encoding``,
        ``unsupported``, ``no_text``, ``bad_pdf``, ``bad_metadata``, ``duplicate``,
        ``sources_csv``, ``storage``, ``unreadable``, ``not_found``.
    """

    def __init__(self, path: Path | str, problem: str, kind: str) -> None:
        super().__init__(Path(str(path)).name or str(path), problem)
        self.kind = kind
        self.name = Path(str(path)).name or str(path)

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


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
    """

    text: str
    sha256: str
    original_name: str
    extraction: str
    title_hint: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


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


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - installed in every supported setup
        return "?"


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


_QUOTE_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2212": "-",
})


def match_hash(text: str) -> str:
    """Return the sha256 of ``text`` with quotes, dashes and whitespace folded away.

    Two extractions of one article (a plain-text file and a saved web page of it)
    differ in line breaks, spacing and typographic quotes; this key ignores those, so
    they are recognised as the same text.

    Parameters
    ----------
    text
        Any article text.

    Returns
    -------
    str
        64 hex characters.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD)
    return hashlib.sha256(re.sub(r"\s+", "", folded).encode("utf-8")).hexdigest()


def _binary_kind(raw: bytes) -> str | None:
    """Return a description if ``raw`` is evidently not text, else ``None``."""
    for sig, what in _BINARY_SIGNATURES:
        if raw.startswith(sig):
            return what
    if any(raw.startswith(bom) for bom, _ in _BOMS[1:]):
        return None  # UTF-16 text legitimately holds NUL bytes
    head = raw[:8192]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 50):
        return "binary data (it is full of control characters)"
    return None


def decode_bytes(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file, detecting its encoding when it is not UTF-8.

    Parameters
    ----------
    raw
        File content.
    name
        File name, for messages.
    encoding
        Force this codec instead of detecting one.

    Returns
    -------
    tuple of str
        ``(text, encoding)`` where ``encoding`` is the codec used.

    Raises
    ------
    IngestError
        ``kind="encoding"`` when the text is not UTF-8 and its encoding cannot be
        determined reliably, or the forced codec does not fit.
    """
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise IngestError(name, f"cannot be decoded as {encoding}: {exc}", "encoding") from None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise IngestError(
                    name,
                    f"has a {codec} byte-order mark but is not valid {codec} (byte {exc.start})",
                    "encoding",
                ) from None
    utf16 = utf16_without_bom(raw)  # before UTF-8: NUL-laden UTF-16 is valid UTF-8
    if utf16:
        return raw.decode(utf16), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    western = _western_european(raw)
    if western:
        return raw.decode(western), western
    codec, guess_name = _detect_encoding(raw)
    if codec:
        return raw.decode(codec), codec
    guess = f" (it looks most like {guess_name}, which is not accepted)" if guess_name else ""
    raise IngestError(
        name,
        f"is not UTF-8 (invalid byte at offset {first_bad}) and its encoding could not be "
        f"determined reliably{guess}; save it as UTF-8 and try again",
        "encoding",
    )


#: Characters of Western European text outside ASCII (French, German, Spanish,
#: Portuguese, Italian, Dutch, Nordic...) and the typographic punctuation of cp1252.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ"
    "ÐðÞþ€‘’‚“”„–—…«»°·•™©®§¶¿¡ªº£¥¢¼½¾²³¹×÷\u00a0"
)


def _western_european(raw: bytes) -> str | None:
    """Return ``"cp1252"`` (or ``"latin_1"``) when ``raw`` reads as Western European text.

    The bytes must decode, every non-ASCII character must be a Western European letter
    or cp1252 punctuation, and accented letters must sit inside mostly-ASCII words (as
    in "garçon, déjà, naïve") -- Cyrillic or Greek code pages fill whole words with
    high bytes and are left to the general detector.
    """
    for codec in ("cp1252", "latin_1"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        high = [c for c in text if ord(c) > 127]
        if not high or any(c not in _WESTERN for c in high):
            return None
        words = [w for w in re.findall(r"[^\W\d_]+", text) if any(ord(c) > 127 for c in w)]
        mixed = sum(1 for w in words if sum(c.isascii() for c in w) >= len(w) / 2)
        letters = sum(c.isalpha() for c in text)
        if words and mixed >= 0.8 * len(words) and len(high) <= 0.25 * max(letters, 1):
            return codec
        return None
    return None


def utf16_without_bom(raw: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text that has no byte-order mark.

    Recognised when the length is even, at least a third of the high (or low) bytes
    of the code units are NUL -- the signature of mostly-Latin text in UTF-16 -- and the
    whole decodes without a control character other than line breaks and tabs.
    """
    if len(raw) < 4 or len(raw) % 2:
        return None
    for codec, zeros in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if zeros.count(0) < len(zeros) / 3:
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
            return codec
    return None


def _detect_encoding(raw: bytes) -> tuple[str | None, str]:
    """Detect a fallback encoding; return ``(codec or None, best guess name)``.

    charset-normalizer often rates several Western code pages equally (cp1250, cp1252,
    cp1257 all decode French or German text "coherently"); among the equally good
    candidates the one earliest in :data:`PREFERRED_ENCODINGS` wins, so cp1252/latin-1
    text is not silently decoded as Central European.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        return None, ""
    guess = matches[0].encoding
    good = [m for m in matches if m.chaos <= _MAX_CHAOS]
    if not good:
        return None, guess
    least_chaos = min(m.chaos for m in good)
    good = [m for m in good if m.chaos <= least_chaos + 0.01]
    best_coherence = max(m.coherence for m in good)
    good = [m for m in good if m.coherence >= best_coherence - 0.05]

    def rank(codec: str) -> int:
        return PREFERRED_ENCODINGS.index(codec) if codec in PREFERRED_ENCODINGS else 99

    candidates = sorted(
        (
            c
            for m in good
            for c in [m.encoding, *m.could_be_from_charset]
            if c in FALLBACK_ENCODINGS
        ),
        key=rank,
    )
    return (candidates[0], guess) if candidates else (None, guess)


def _strip_markdown(text: str) -> tuple[str, str]:
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
        extracted = trafilatura.html2txt(text) or ""
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
    title = ""
    meta = trafilatura.extract_metadata(text)
    if meta is not None and meta.title:
        title = meta.title
    if not extracted.strip():
        raise IngestError(name, "HTML page holds no readable text", "no_text")
    return extracted, title, method


def extract_pdf(raw: bytes, name: str) -> tuple[str, str, str]:
    """Extract the text layer of a PDF with pypdf.

    Parameters
    ----------
    raw
        PDF bytes.
    name
        File name, for messages.

    Returns
    -------
    tuple of str
        ``(text, title, method)``; pages are separated by a blank line.

    Raises
    ------
    IngestError
        ``kind="bad_pdf"`` when the PDF cannot be opened (damaged, encrypted);
        ``kind="no_text"`` when it has no text layer (a scan).
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
        pages = [page.extract_text() or "" for page in reader.pages]
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


def _finish(text: str, name: str, method: str, title: str, notes: list[str]) -> Prepared:
    text = normalise_text(text)
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
    name = Path(name).name or "unnamed file"
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
        text, title, method = _guarded(extract_pdf, raw, name)
        return _finish(text, name, method, title, [])
    binary = None if utf16_without_bom(raw) else _binary_kind(raw)
    if binary:
        raise IngestError(name, f"is not a text file: it is {binary}", "binary")
    notes: list[str] = []
    if suffix in HTML_EXTENSIONS:
        text, title, method = _guarded(extract_html, raw, name)
        return _finish(text, name, method, title, notes)
    text, used = decode_bytes(raw, name, encoding)
    method = "markdown" if suffix in (".md", ".markdown") else "text"
    if used != "utf-8":
        method += f", decoded from {used}"
        notes.append(f"{name} was not UTF-8; decoded as {used} and stored as UTF-8")
    title = ""
    if method.startswith("markdown"):
        text, title = _strip_markdown(text)
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
        clean[key] = value[:500]
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
