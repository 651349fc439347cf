"""Publication dates of articles and the basis of each (``date_basis``).

An article's date is an ISO day ``YYYY-MM-DD`` (a row of ``sources.csv`` may also hold
``YYYY-MM`` or ``YYYY``; it then stands for the first day of that period in a range) or
blank: *undated*.  An article is never given today's date.

``date_basis`` says where the date came from.  It is one word of :data:`BASES`,
optionally followed by a colon and free text (``"html-metadata: htmldate 1.11.0"``):

``user``            typed by the analyst (the add form, ``add --date``, the metadata editor);
``html-metadata``   the HTML page's own metadata (``article:published_time``, JSON-LD
                    ``datePublished``, ...), read by htmldate with ``original_date=True``
                    (the published date, not the modified one);
``url``             a date in the article's address (``/2024/03/12/``, ``2024-03-12``);
``dateline``        a dateline or "Published ..." line near the top of the text;
``publisher-page``  read off the publisher's page by whoever compiled ``sources.csv``;
``undated``         no date: the text, page and address state none;
``unstated``        a date is given but not its basis (an older ``sources.csv``).

The order in which an upload is dated: what the user typed, the HTML metadata, the URL,
the text's dateline; otherwise undated (:func:`resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version

BASES: tuple[str, ...] = ("user", "html-metadata", "url", "dateline", "publisher-page",
                          "undated", "unstated")
UNDATED = "undated"
#: How many lines at the top of a text are searched for a dateline.
DATELINE_LINES = 12
#: Dates before this are not publication dates of news about these corridors.
MIN_YEAR = 1990

_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: The date forms a dateline uses, each with named groups.
_FORMS = (
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<num>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\w])" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)", re.I),
    re.compile(r"(?<![\w])" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)", re.I),
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<num>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)"),
)
#: A line that announces a publication date ("Published 12 March 2024", "Posted on ...").
_PUBLISHED = re.compile(r"^\W*(published|posted|first published|date)\b\s*(on|:)?", re.I)
#: A line that announces another date: never taken as the publication date.
_OTHER = re.compile(r"\b(updated|modified|last edited|revised|accessed|retrieved)\b", re.I)
#: A dateline: up to five capitalised words (the place), a comma, then the date.
_DATELINE = re.compile(r"^\s*[A-Z][\w'.\-]*(?:[ /][A-Z][\w'.\-]*){0,4}\s*,\s*")
#: A date in an address: ``/2024/03/12/``, ``/2024-03-12``, ``_20240312``.
_URL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[/_-]?)(?P<num>[01]\d)(?P=sep)(?P<day>[0-3]\d)(?!\d)")


@dataclass(frozen=True)
class Dated:
    """A date (ISO day, or ``""``: undated) with its basis (see the module docstring)."""

    date: str
    basis: str

    @property
    def kind(self) -> str:
        """The basis word without its free text (``"html-metadata"``)."""
        return basis_kind(self.basis)


def basis_kind(basis: str) -> str:
    """Return the vocabulary word of a ``date_basis`` (text before a colon, lower case)."""
    return basis.split(":", 1)[0].strip().lower()


def effective_basis(when: str, basis: str) -> str:
    """Return the basis to show: ``undated`` without a date, ``unstated`` without a basis."""
    basis = (basis or "").strip()
    if not (when or "").strip():
        return basis if basis_kind(basis) == UNDATED else UNDATED
    return basis or "unstated"


def day_or_none(year: int, month: int, day: int, today: date | None = None) -> str | None:
    """Return ``YYYY-MM-DD`` when the day exists and is not in the future, else ``None``."""
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    if when.year < MIN_YEAR or when > (today or date.today()):
        return None
    return when.isoformat()


def _match_day(m: re.Match, today: date | None) -> str | None:
    groups = m.groupdict()
    month = int(groups["num"]) if groups.get("num") else _MONTHS[groups["mon"].lower()]
    return day_or_none(int(groups["year"]), month, int(groups["day"]), today)


def date_in_url(url: str, today: date | None = None) -> str | None:
    """Return the date an address carries in its path (``/2024/03/12/``), or ``None``."""
    path = re.sub(r"^[a-z]+://[^/]*", "", (url or "").strip(), flags=re.I)
    for m in _URL_DATE.finditer(path):
        found = _match_day(m, today)
        if found:
            return found
    return None


def _first_date(line: str, today: date | None) -> str | None:
    hits = sorted((m.start(), m) for form in _FORMS for m in form.finditer(line))
    for _, m in hits:
        found = _match_day(m, today)
        if found:
            return found
    return None


def dateline_date(text: str, today: date | None = None) -> tuple[str, str] | None:
    """Find a publication date stated near the top of an article's text.

    A line counts when it announces publication ("Published 12 March 2024", "Posted on
    2024-03-12"), is a dateline ("BAKU, 12 March 2024 --"), or holds nothing but a date.
    Lines about an update or a modification are skipped.

    Parameters
    ----------
    text
        The article text.
    today
        The latest acceptable date (default: today).

    Returns
    -------
    tuple of str or None
        ``(YYYY-MM-DD, the line quoted)`` or ``None``.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:DATELINE_LINES]
    for line in lines:
        if _OTHER.search(line[:80]):
            continue
        head = line[:120]
        found = _first_date(head, today)
        if not found:
            continue
        rest = _strip_dates(head)
        if _PUBLISHED.match(line) or _DATELINE.match(line) or not re.search(r"[A-Za-z]{4,}",
                                                                            rest):
            return found, line[:80]
    return None


def _strip_dates(line: str) -> str:
    for form in _FORMS:
        line = form.sub(" ", line)
    return re.sub(r"\b(on|at|gmt|utc|[ap]m)\b|\d{1,2}:\d\d", " ", line, flags=re.I)


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - pinned in requirements.txt
        return "?"


def html_published_date(html_text: str, today: date | None = None) -> str | None:
    """Return the publication date an HTML page's metadata states, or ``None``.

    htmldate reads the page's metadata only (``extensive_search=False``: never a date
    from the running text or today's date), preferring the published date over the
    modified one (``original_date=True``).
    """
    from htmldate import find_date

    try:
        found = find_date(html_text, extensive_search=False, original_date=True,
                          outputformat="%Y-%m-%d")
    except (ValueError, TypeError):  # a page htmldate cannot parse: no date, not a failure
        return None
    if not found:
        return None
    year, month, day = (int(p) for p in found.split("-"))
    return day_or_none(year, month, day, today)


def html_basis() -> str:
    """Return the ``date_basis`` of a date from HTML metadata (names the reader, version)."""
    return f"html-metadata: published date of the page, htmldate {_pkg_version('htmldate')}"


def resolve(typed: str, html_date: str, url: str, text: str,
            today: date | None = None) -> Dated:
    """Date an incoming article: typed, else HTML metadata, else URL, else dateline.

    Parameters
    ----------
    typed
        What the user typed (already checked; ``""`` when nothing).
    html_date
        The date from the page's metadata (:func:`html_published_date`; ``""`` if none).
    url
        The article's address (typed, or the page's canonical address).
    text
        The extracted text.
    today
        The latest acceptable date (default: today).

    Returns
    -------
    Dated
        The date and its basis; ``Dated("", "undated: ...")`` when nothing states one.
    """
    if typed:
        return Dated(typed, "user")
    if html_date:
        return Dated(html_date, html_basis())
    in_url = date_in_url(url, today)
    if in_url:
        return Dated(in_url, "url: date in the address")
    line = dateline_date(text, today)
    if line:
        return Dated(line[0], f"dateline: {line[1]}")
    return Dated("", "undated: no date in the page's metadata, its address or its text")
