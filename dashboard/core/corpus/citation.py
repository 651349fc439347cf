"""How a source is named and cited: title, author, outlet, date, URL.

A file name is never shown when anything better is known: without a title the label is
the article's first words.  Missing values (blank, ``None``, NaN) are left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

FIRST_WORDS = 12
FIELDS = ("title", "author", "outlet", "date", "url")


def clean(value: Any) -> str:
    """Return ``value`` as stripped text; ``""`` for ``None``, NaN and blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "none") else text


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    """Return the first ``n`` words of ``text`` (one line), with an ellipsis when cut."""
    words = " ".join((text or "").split()).split(" ")
    words = [w for w in words if w]
    if not words:
        return ""
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def label(doc: Mapping[str, Any], text: str | None = None) -> str:
    """Short name of a source: its title, else its first words, else its file name."""
    return (clean(doc.get("title")) or first_words(text or "")
            or clean(doc.get("file")) or clean(doc.get("doc_id")))


def parts(doc: Mapping[str, Any], text: str | None = None) -> dict[str, str]:
    """Return the known citation fields of a source (``label`` always present)."""
    out = {"label": label(doc, text)}
    for key in FIELDS:
        value = clean(doc.get(key))
        if value:
            out[key] = value
    return out


def byline(doc: Mapping[str, Any]) -> str:
    """Return ``Author · Outlet · date`` (whatever is known; may be empty)."""
    return " · ".join(v for v in (clean(doc.get(k)) for k in ("author", "outlet", "date")) if v)


def cite(doc: Mapping[str, Any], text: str | None = None) -> str:
    """Return a one-line citation: ``Author, “Title”, Outlet, date. URL``.

    Without a title the article's first words stand in (quoted, as a title would be);
    the file name (or id) only when nothing else is known.
    """
    title = clean(doc.get("title")) or first_words(text or "")
    items = [clean(doc.get("author")), f"\u201c{title}\u201d" if title else "",
             clean(doc.get("outlet")), clean(doc.get("date"))]
    line = ", ".join(i for i in items if i)
    url = clean(doc.get("url"))
    if url:
        line = f"{line}. {url}" if line else url
    return line or clean(doc.get("file")) or clean(doc.get("doc_id"))
