"""The one limit of a search query, shared by the sidebar box and the ``q=`` parameter.

A query longer than :data:`MAX_QUERY_CHARS` characters or :data:`MAX_QUERY_WORDS` words
(a pasted paragraph) is cut to its first words within both, and the page says so: every
term is one more pass over the sentences, so an unbounded query is an unbounded cost.
"""

from __future__ import annotations

#: Most characters of a query (the sidebar box's ``max_chars`` and the cut of ``q=``).
MAX_QUERY_CHARS = 200
#: Most whitespace-separated words of a query.
MAX_QUERY_WORDS = 24


def limit_query(text: str) -> tuple[str, str]:
    """Cut ``text`` to the query limits.

    Parameters
    ----------
    text
        The query as typed or read from the URL.

    Returns
    -------
    tuple of str
        The query within the limits (whole words only), and a note saying what was cut
        (``""`` when nothing was).
    """
    text = " ".join(str(text or "").split())
    words = text.split(" ") if text else []
    cut = words[:MAX_QUERY_WORDS]
    while cut and len(" ".join(cut)) > MAX_QUERY_CHARS:
        cut.pop()
    if not cut and words:  # one word longer than the limit: keep its first characters
        cut = [words[0][:MAX_QUERY_CHARS]]
    if len(cut) == len(words) and cut == words:
        return text, ""
    return " ".join(cut), (
        f"The search was cut to its first {len(cut)} of {len(words)} words: a query may "
        f"hold at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters.")
