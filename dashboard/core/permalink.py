"""The analyst's view as a plain value, and its round trip through URL query parameters.

A copied URL must reproduce exactly what the analyst sees: visible corridor
layers, filters, the selection and the map view.  :class:`ViewState` holds that,
:func:`to_query` writes only what differs from the defaults (short URLs), and
:func:`from_query` reads it back, dropping unknown or malformed values instead of
failing (a hand-edited link still opens).

Query keys: ``layers``, ``status``, ``kinds``, ``src``, ``q``, ``sel`` (``corridor:<id>``
or ``place:<id>``), ``view`` (``lat,lon,zoom``).  A list that equals "everything"
is omitted; an explicitly empty list is written as ``-``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

EMPTY = "-"
SELECTION_KINDS = ("corridor", "place")


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

    def with_selection(self, kind: str | None, ident: str | None) -> ViewState:
        """Return a copy selecting ``(kind, ident)`` (or nothing when either is ``None``)."""
        return replace(self, selection=(kind, ident) if kind and ident else None)


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
    }
    return {k: v for k, v in {**params, **state.extra}.items() if v is not None}


def from_query(params: Mapping[str, str], vocab: Vocabulary) -> ViewState:
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
        The view the URL describes.
    """
    center, zoom = _decode_view(params.get("view"))
    return ViewState(
        layers=_decode_list(params.get("layers"), vocab.layers),
        statuses=_decode_list(params.get("status"), vocab.statuses),
        kinds=_decode_list(params.get("kinds"), vocab.kinds),
        sources=_decode_list(params.get("src"), vocab.sources),
        query=str(params.get("q", ""))[:200],
        selection=_decode_selection(params.get("sel"), vocab),
        center=center,
        zoom=zoom,
    )


def _decode_selection(raw: str | None, vocab: Vocabulary) -> tuple[str, str] | None:
    if not raw or ":" not in raw:
        return None
    kind, ident = raw.split(":", 1)
    valid = {"corridor": vocab.layers, "place": vocab.places}.get(kind, ())
    return (kind, ident) if ident in set(valid) else None


def _decode_view(raw: str | None) -> tuple[tuple[float, float] | None, int | None]:
    if not raw:
        return None, None
    try:
        lat_s, lon_s, zoom_s = raw.split(",")
        lat, lon, zoom = float(lat_s), float(lon_s), int(float(zoom_s))
    except ValueError:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 18):
        return None, None
    return (lat, lon), zoom
