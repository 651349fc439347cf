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
    """Escape ``text`` for ``st.markdown`` without ``unsafe_allow_html``.

    Every Markdown control character, ``<``, ``>``, ``$`` (Streamlit's LaTeX) and the
    backslash itself is backslash-escaped, so the text renders literally: no
    emphasis, link, raw HTML tag or formula can be formed from source text.

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
    out = str(text).replace("\\", "\\\\")
    for char in "`*_[]()#+-!|~{}<>$:":
        out = out.replace(char, "\\" + char)
    return out
