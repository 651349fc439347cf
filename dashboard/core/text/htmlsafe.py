"""Escaping of source-derived text before it reaches HTML or generated JavaScript.

Every string that comes from an article, a ``sources.csv`` row or an uploaded file
passes through :func:`escape_html` before it is put into a popup, tooltip, legend or
Markdown.  folium writes tooltip and popup text into JavaScript template literals
(backtick strings), so a plain ``html.escape`` is not enough: a backtick or ``${``
would end the literal or run an expression.  :func:`escape_html` therefore also
encodes the backtick, the dollar sign and the backslash as HTML entities, which the
browser shows as the original characters.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_html(text: object) -> str:
    """Escape ``text`` for HTML and for folium's JavaScript template literals.

    Parameters
    ----------
    text
        Any value; ``None`` becomes the empty string, others are ``str()``-ed.

    Returns
    -------
    str
        Text with ``& < > " '`` the backtick, dollar sign and backslash entity-encoded.
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_EXTRA)


#: Markdown (CommonMark + GFM + Streamlit's extensions) punctuation and line breaks,
#: written as character references.  A character reference is never markup in
#: Markdown, and a line break written as ``&#10;`` cannot end an HTML block, so the
#: text stays literal both inside ``unsafe_allow_html`` HTML and in plain Markdown.
_TEXT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    **{c: f"&#{ord(c)};" for c in "`$\\*_[](){}!#+-|~:=.@/\n\r"},
})


def escape_text(text: object) -> str:
    """Escape source text for anything Streamlit renders as Markdown or HTML.

    This is the app's one rule for source text, metadata and link parameters: the
    HTML escaping of :func:`escape_html` plus every Markdown control character and
    line break as a character reference.  The result is safe as the content of an
    HTML element passed to ``st.markdown(..., unsafe_allow_html=True)``, as plain
    ``st.markdown``/``st.warning`` text and in attribute values: no tag, link, image,
    emphasis, icon (``:material/...:``), formula or HTML-block break can form, and
    the browser shows the original characters.

    Parameters
    ----------
    text
        Any value; ``None`` becomes the empty string.

    Returns
    -------
    str
        The escaped text (ASCII punctuation of Markdown as ``&#NN;``).
    """
    if text is None:
        return ""
    return str(text).translate(_TEXT)


#: U+2060 WORD JOINER: invisible, no line break; it ends a "word" for GFM's autolink rules.
WORD_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r"(?<=[A-Za-z])(?=://)|(?i:(?<![\w.])www)(?=\.)|@")


def defuse_autolinks(text: str) -> str:
    """Put a word joiner where Markdown would autolink: ``http(s)://``, ``www.``, e-mail.

    GitHub-flavoured Markdown (Streamlit's) turns bare ``http://…``, ``www.…`` and
    ``name@host.tld`` (also ``mailto:``/``xmpp:``) in *text* into links -- after character
    references are decoded, so escaping alone does not stop it. An invisible U+2060
    before ``://``, after ``www`` and after ``@`` breaks each pattern; the text reads the
    same.
    """
    return _AUTOLINK_PARTS.sub(lambda m: m.group(0) + WORD_JOINER, text)


def escape_markdown(text: object) -> str:
    """Escape ``text`` for Markdown (``st.markdown``, captions, alerts, widget labels).

    The rule of :func:`escape_text` plus :func:`defuse_autolinks`: no markup, and no link
    formed from a bare address. Only a source's ``url`` field is ever a link.

    Parameters
    ----------
    text
        Source-derived text (``None`` becomes the empty string).

    Returns
    -------
    str
        The escaped text.
    """
    if text is None:
        return ""
    return escape_text(defuse_autolinks(str(text)))


def safe_url(value: object) -> str | None:
    """Return ``value`` when it is a plain ``http(s)`` address, else ``None``.

    Used for the one metadata field that may become a link (``url``): no other
    scheme (``javascript:``, ``data:``), no blank or control character, a host.

    Parameters
    ----------
    value
        Candidate address.

    Returns
    -------
    str | None
        The stripped address, or ``None`` when it must be shown as text only.
    """
    url = str(value or "").strip()
    if not url or len(url) > 2000 or any(c.isspace() or ord(c) < 32 or ord(c) == 127
                                         for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None
