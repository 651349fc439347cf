"""The analyst's view as a plain value, and its round trip through URL query parameters.

A copied URL must reproduce exactly what the analyst sees: visible corridor
layers, filters, the selection and the map view.  :class:`ViewState` holds that,
:func:`to_query` writes only what differs from the defaults (short URLs), and
:func:`from_query` reads it back, dropping unknown or malformed values instead of
failing (a hand-edited link still opens).

Query keys: ``layers``, ``status``, ``kinds``, ``src``, ``q``, ``sel`` (``corridor:<id>``
or ``place:<id>``), ``view`` (``lat,lon,zoom``); the evidence panel's outlet facets
``oc`` (countries) and ``ot`` (types) and its order ``sort``.  A list that equals "everything"
is omitted; an explicitly empty list is written as ``-``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.core.evidence.search_limit import limit_query

EMPTY = "-"
#: Longest parameter value read; anything longer is treated as absent (a permalink
#: never writes more than a few hundred characters per key).
MAX_VALUE_CHARS = 4000
SELECTION_KINDS = ("corridor", "place")
#: Excerpt orders (:data:`dashboard.core.evidence.voices.SORTS`) and outlet types
#: (:data:`dashboard.core.corpus.outlets.TYPES` plus ``unknown``) a link may name.
ORDERS = ("relevance", "newest", "oldest", "source")
OUTLET_TYPES = ("state-media", "private-media", "think-tank", "government", "company", "wire",
                "international-organisation", "encyclopedia", "unknown")


@dataclass(frozen=True)
class ViewState:
    """What the map page shows; ``None`` for a filter means "no restriction"."""

    layers: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    query: str = ""
    selection: tuple[str, str] | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    #: Evidence panel: outlet facets (registry country codes, outlet types) and order.
    outlet_countries: tuple[str, ...] | None = None
    outlet_types: tuple[str, ...] | None = None
    order: str = "relevance"


@dataclass(frozen=True)
class Vocabulary:
    """The valid values of each list filter (anything else in a URL is dropped)."""

    layers: Sequence[str]
    statuses: Sequence[str]
    kinds: Sequence[str]
    sources: Sequence[str]
    places: Sequence[str] = ()


def _encode_list(values: tuple[str, ...] | None, everything: Sequence[str]) -> str | None:
    if values is None or set(values) == set(everything):
        return None
    return ",".join(values) if values else EMPTY


def param(params: Mapping[str, object], key: str) -> str | None:
    """Return ``params[key]`` as one bounded string, or ``None`` when absent or unusable.

    A repeated key (a list) gives its last value; a non-string value is ``str()``-ed;
    a value longer than :data:`MAX_VALUE_CHARS` counts as absent.  Never raises.
    """
    try:
        raw = params.get(key)
    except Exception:  # noqa: BLE001 -- a hostile mapping must not break the page
        return None
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else None
    if raw is None:
        return None
    raw = raw if isinstance(raw, str) else str(raw)
    return raw if len(raw) <= MAX_VALUE_CHARS else None


def parse_int(raw: object, default: int, lo: int, hi: int) -> int:
    """Parse ``raw`` as an integer in ``[lo, hi]``; anything else gives ``default``.

    Accepts optional sign and surrounding blanks only (no floats, no exponents); never
    raises, whatever the value (huge digit strings included).
    """
    text = raw.strip() if isinstance(raw, str) else ""
    digits = text.lstrip("+-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
        return default
    value = int(text)
    return value if lo <= value <= hi else default


def parse_float(raw: str, lo: float, hi: float) -> float | None:
    """Parse a finite number in ``[lo, hi]`` (``None`` for anything else; never raises)."""
    text = raw.strip()
    if not text or len(text) > 32:
        return None
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) and lo <= value <= hi else None


def _decode_list(raw: str | None, valid: Sequence[str]) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if raw == EMPTY:
        return ()
    allowed = set(valid)
    items = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip() in allowed))
    return items if items or not raw.strip() else None


def to_query(state: ViewState, vocab: Vocabulary) -> dict[str, str]:
    """Encode ``state`` as query parameters (defaults omitted).

    Parameters
    ----------
    state
        The view.
    vocab
        Valid values; a list filter equal to all of them is written as absent.

    Returns
    -------
    dict[str, str]
        Parameters for ``st.query_params``.
    """
    params: dict[str, str | None] = {
        "layers": _encode_list(state.layers, vocab.layers),
        "status": _encode_list(state.statuses, vocab.statuses),
        "kinds": _encode_list(state.kinds, vocab.kinds),
        "src": _encode_list(state.sources, vocab.sources),
        "q": state.query or None,
        "sel": f"{state.selection[0]}:{state.selection[1]}" if state.selection else None,
        "view": (f"{state.center[0]:.4f},{state.center[1]:.4f},{state.zoom}"
                 if state.center is not None and state.zoom is not None else None),
        "oc": ",".join(state.outlet_countries) if state.outlet_countries else None,
        "ot": ",".join(state.outlet_types) if state.outlet_types else None,
        "sort": state.order if state.order in ORDERS and state.order != ORDERS[0] else None,
    }
    return {k: v for k, v in {**params, **state.extra}.items() if v is not None}


def from_query(params: Mapping[str, object], vocab: Vocabulary) -> ViewState:
    """Decode query parameters into a :class:`ViewState`, ignoring invalid parts.

    Parameters
    ----------
    params
        ``st.query_params`` (or any mapping of str to str).
    vocab
        Valid values for each list filter and for selections.

    Returns
    -------
    ViewState
        The view the URL describes.  Total: any value of any key (non-finite, huge,
        wrong type, unknown id, repeated) gives the default for that key.
    """
    center, zoom = _decode_view(param(params, "view"))
    return ViewState(
        layers=_decode_list(param(params, "layers"), vocab.layers),
        statuses=_decode_list(param(params, "status"), vocab.statuses),
        kinds=_decode_list(param(params, "kinds"), vocab.kinds),
        sources=_decode_list(param(params, "src"), vocab.sources),
        query=limit_query(param(params, "q") or "")[0],
        selection=_decode_selection(param(params, "sel"), vocab),
        center=center,
        zoom=zoom,
        outlet_countries=_decode_facet(param(params, "oc"), _is_country),
        outlet_types=_decode_facet(param(params, "ot"), OUTLET_TYPES.__contains__),
        order=param(params, "sort") if param(params, "sort") in ORDERS else ORDERS[0],
    )


def _is_country(code: str) -> bool:
    return code in ("EU", "INT", "unknown") or (len(code) == 2 and code.isascii()
                                                 and code.isalpha() and code.isupper())


def _decode_facet(raw: str | None, valid) -> tuple[str, ...] | None:
    items = tuple(dict.fromkeys(v.strip() for v in (raw or "").split(",") if valid(v.strip())))
    return items or None


def _decode_selection(raw: str | None, vocab: Vocabulary) -> tuple[str, str] | None:
    if not raw or ":" not in raw:
        return None
    kind, ident = raw.split(":", 1)
    valid = {"corridor": vocab.layers, "place": vocab.places}.get(kind, ())
    return (kind, ident) if ident in set(valid) else None


def _decode_view(raw: str | None) -> tuple[tuple[float, float] | None, int | None]:
    parts = raw.split(",") if raw else []
    if len(parts) != 3:
        return None, None
    lat, lon = parse_float(parts[0], -90, 90), parse_float(parts[1], -180, 180)
    zoom_f = parse_float(parts[2], 1, 18)
    if lat is None or lon is None or zoom_f is None:
        return None, None
    return (lat, lon), int(zoom_f)


def text_target(params: Mapping[str, object], doc_id: str, length: int) -> tuple[int, int] | None:
    """Return the excerpt ``[at, end)`` a Reader link asks to show in ``doc_id``.

    Parameters
    ----------
    params
        The page's query parameters (``doc``, ``at``, ``end``).
    doc_id
        The document shown.
    length
        Its length in characters.

    Returns
    -------
    tuple[int, int] | None
        The span when the link names this document and a non-empty span inside it;
        ``None`` for anything else.
    """
    if param(params, "doc") != doc_id:
        return None
    at = parse_int(param(params, "at"), -1, 0, length)
    end = parse_int(param(params, "end"), -1, 0, length)
    return (at, end) if 0 <= at < end <= length else None
