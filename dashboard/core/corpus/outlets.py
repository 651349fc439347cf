"""The outlet registry (``registry/outlets.csv``) and who published an article.

Each row names an outlet, its aliases and web domains (``;``-separated), its country
(ISO 3166-1 alpha-2, or ``EU`` / ``INT``), its type (:data:`TYPES`), languages and the
*basis* saying where country and type come from. :func:`load_registry` reads and checks
the file (a clear :class:`RegistryError` naming the row and the problem otherwise).

An article's outlet is resolved (:meth:`Registry.resolve`) from its URL's host first
(the longest registered domain that the host is or ends with, never shorter than the
registrable domain that tldextract's bundled public-suffix list gives, so
``mes.gov.ge`` is not ``gov.ge``), then from its ``outlet`` field by name or alias
(case, accents and spacing ignored). What matches nothing is :data:`UNKNOWN`.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

from dashboard.core.corpus.citation import clean
from dashboard.core.paths import outlets_file

COLUMNS = ("outlet", "aliases", "domains", "country", "type", "language", "basis")
TYPES = ("state-media", "private-media", "think-tank", "government", "company", "wire",
         "international-organisation", "encyclopedia")
TYPE_LABELS = {"state-media": "state or state-affiliated media", "private-media": "private media",
               "think-tank": "think tank or academic", "government": "government",
               "company": "company", "wire": "wire", "encyclopedia": "encyclopedia",
               "international-organisation": "international organisation",
               "unknown": "unknown outlet"}
BLOCS = ("EU", "INT")
#: Label of an article whose outlet is not in the registry.
UNKNOWN = "unknown outlet"


class RegistryError(ValueError):
    """The outlet registry cannot be used: names the file, the row and the problem."""


@dataclass(frozen=True)
class Outlet:
    """One outlet of the registry."""

    outlet: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str
    type: str
    language: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Resolution:
    """Who published an article, and how that was found.

    Attributes
    ----------
    outlet, country, type
        Registry values; :data:`UNKNOWN` and ``""`` / ``"unknown"`` when not found.
    by
        ``"domain"``, ``"name"`` or ``""`` (unresolved).
    stated
        The outlet named by the article's metadata, kept even when unknown.
    """

    outlet: str
    country: str
    type: str
    by: str = ""
    stated: str = ""


UNRESOLVED = Resolution(UNKNOWN, "", "unknown")
_LETTERS = str.maketrans({"ə": "e", "ı": "i", "ø": "o", "ł": "l", "ß": "ss", "đ": "d"})


def name_key(text: str) -> str:
    """Compare key of an outlet name: case, accents, punctuation and spacing dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    words = kept.split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


@cache
def _extractor() -> tldextract.TLDExtract:
    """Tldextract on its bundled suffix list only: no download, no cache folder."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(url: str) -> str:
    """Lower-case host of an address (``www.`` dropped); ``""`` when there is none."""
    text = clean(url)
    if not text:
        return ""
    host = (urlsplit(text if "//" in text else "//" + text).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def domain_candidates(host: str) -> list[str]:
    """Return the host and its parents down to its registrable domain, longest first."""
    if not host:
        return []
    registrable = _extractor()(host).top_domain_under_public_suffix or host
    labels = host.split(".")
    out = []
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        out.append(candidate)
        if candidate == registrable:
            break
    return out


@dataclass
class Registry:
    """The outlets with lookups by domain and by name."""

    outlets: tuple[Outlet, ...]
    by_domain: dict[str, Outlet] = field(default_factory=dict)
    by_name: dict[str, Outlet] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for o in self.outlets:
            for d in o.domains:
                self.by_domain[d] = o
            for n in (o.outlet, *o.aliases):
                self.by_name.setdefault(name_key(n), o)

    def outlet_of_url(self, url: str) -> Outlet | None:
        """Return the outlet whose domain serves ``url`` (``None`` when none does)."""
        for candidate in domain_candidates(host_of(url)):
            if candidate in self.by_domain:
                return self.by_domain[candidate]
        return None

    def outlet_of_name(self, name: str) -> Outlet | None:
        """Return the outlet named ``name`` or one of its aliases (``None`` when none is)."""
        key = name_key(clean(name))
        return self.by_name.get(key) if key else None

    def resolve(self, outlet: object = "", url: object = "") -> Resolution:
        """Resolve an article's outlet from its ``url``, else its ``outlet`` field."""
        stated = clean(outlet)
        found, by = self.outlet_of_url(clean(url)), "domain"
        if found is None:
            found, by = self.outlet_of_name(stated), "name"
        if found is None:
            return Resolution(UNKNOWN, "", "unknown", "", stated)
        return Resolution(found.outlet, found.country, found.type, by, stated)


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (value or "").split(";") if p.strip()))


def _outlet(row: dict, where: str) -> Outlet:
    missing = [c for c in ("outlet", "country", "type", "basis") if not clean(row.get(c))]
    if missing:
        raise RegistryError(f"{where}: no {', '.join(missing)}")
    country, kind = clean(row["country"]), clean(row["type"])
    if not (country in BLOCS or (len(country) == 2 and country.isalpha() and country.isupper())):
        raise RegistryError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code, "
                            "EU or INT")
    if kind not in TYPES:
        raise RegistryError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
    domains = tuple(d.lower() for d in _split(row.get("domains", "")))
    bad = [d for d in domains if "/" in d or " " in d or d.startswith("www.") or "." not in d]
    if bad:
        raise RegistryError(f"{where}: domain {bad[0]!r} is not a bare host name")
    return Outlet(clean(row["outlet"]), _split(row.get("aliases", "")), domains, country, kind,
                  _split(row.get("language", "")), clean(row["basis"]))


def parse_registry(text: str, name: str = "outlets.csv") -> Registry:
    """Read registry CSV text; :class:`RegistryError` on a bad header, row or duplicate."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise RegistryError(f"{name}: the header must be {','.join(COLUMNS)}")
    outlets, seen_domains, seen_names = [], {}, set()
    for line, row in enumerate(reader, start=2):
        where = f"{name}, line {line}"
        o = _outlet(row, where)
        if name_key(o.outlet) in seen_names:
            raise RegistryError(f"{where}: outlet {o.outlet!r} is listed twice")
        seen_names.add(name_key(o.outlet))
        for d in o.domains:
            if d in seen_domains:
                raise RegistryError(f"{where}: domain {d!r} is already {seen_domains[d]!r}'s")
            seen_domains[d] = o.outlet
        outlets.append(o)
    return Registry(tuple(outlets))


def load_registry(path: Path | None = None) -> Registry:
    """Read the registry file (:func:`dashboard.core.paths.outlets_file` by default)."""
    path = Path(path or outlets_file())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    return parse_registry(text, path.name)


@cache
def _registry_at(path: Path, stamp: tuple[int, int]) -> Registry:
    return load_registry(path)


def default_registry() -> Registry:
    """Return the registry of :func:`~dashboard.core.paths.outlets_file`, read once per change."""
    path = outlets_file()
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = (-1, -1)
    return _registry_at(path, stamp)


def registry_csv(registry: Registry) -> str:
    """Return the registry as CSV text, in the file's columns (``python -m dashboard outlets``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for o in registry.outlets:
        writer.writerow([o.outlet, ";".join(o.aliases), ";".join(o.domains), o.country, o.type,
                         ";".join(o.language), o.basis])
    return out.getvalue()
