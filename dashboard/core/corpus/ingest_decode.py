"""Decoding of incoming text files: binary sniffing, byte-order marks, encoding detection.

:func:`decode_bytes` accepts UTF-8 (a UTF-8/UTF-16 byte-order mark is honoured and
dropped) and otherwise only the single-byte European or Cyrillic code pages detected by
charset-normalizer whose decoding looks like language; anything else is an
:class:`IngestError` naming the file.
"""

from __future__ import annotations

import re

from dashboard.core.corpus.errors import IngestError

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


def binary_kind(raw: bytes) -> str | None:
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


