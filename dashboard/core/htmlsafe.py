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


def escape_markdown(text: object) -> str:
    """Escape ``text`` for ``st.markdown`` (HTML entities plus Markdown syntax).

    Parameters
    ----------
    text
        Source-derived text.

    Returns
    -------
    str
        Text in which HTML is inert and Markdown control characters are
        backslash-escaped, so it renders literally.
    """
    escaped = escape_html(text).replace("&#92;", "\\\\")
    for char in "*_[]()#+-!|~>{}":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("&#96;", "\\`").replace("&#36;", "\\$")
