"""The places on each corridor's route, computed from the corridor geometry in ``geodata/``.

A corridor's *route places* are its nodes (``feature_type: node``, with their aliases) and the
gazetteer's settlements, ports and border crossings lying within
:data:`NEAR_KM` of one of its segments (regions within :data:`NEAR_REGION_KM` of a segment,
measured to the region's point). Each place records, per corridor, the modes of the segments
it lies near (``rail``, ``road``, ``sea``, ``pipeline``, ``multimodal``), and its country: the
linker uses the mode and the side of a border to tell apart corridors that share places.

Geometry is read as GeoJSON, i.e. (lon, lat); distances are computed in a local equirectangular
projection around each segment (km), which is accurate to well under a kilometre at these
distances. The table is computed once per process (``functools.lru_cache``) and kept on disk
under ``cache_dir()/route_places/<key>.json``, the key hashing the corridor GeoJSON files, the
gazetteer and this module, so an edited corridor or gazetteer is recomputed, never stale.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from dashboard.core.parse.gazetteer import load_gazetteer
from dashboard.core.paths import cache_dir, geodata_dir

NEAR_KM = 5.0
NEAR_REGION_KM = 25.0
#: Gazetteer places near a segment count from this prior up (hamlets below it are left out),
#: with at most this many spellings each (the main name first); nodes keep all theirs.
MIN_PRIOR = 0.5
MAX_NAMES = 4
_POINT_KINDS = frozenset({"city", "port", "border_crossing"})
_CAPITAL_IDS = frozenset(
    {"city:baku-az", "city:tbilisi-ge", "city:yerevan-am", "city:tehran-ir", "city:moscow-ru",
     "city:ankara-tr", "city:astana-kz"}
)
_GENERIC = re.compile(
    r"\b(?:port|seaport|international|terminal|marine|pump\s+station|rail|border|crossing|"
    r"town\s+point|route\s+reference|planned|deep-sea|bridge|tunnel|break\s+of\s+gauge|"
    r"rayon\s+centre\s+point|azerbaijani\s+end)\b",
    re.I,
)


@dataclass(frozen=True)
class RoutePlace:
    """One place on one or more routes.

    Attributes
    ----------
    key
        Gazetteer place id, or ``node:<corridor>:<name>`` for a node the gazetteer lacks.
    names
        Spellings to look for in text (capitalised proper names).
    country
        ISO2 code of the place.
    corridors
        ``{corridor_id: modes of the segments near the place}``.
    capital
        Whether the place is a national capital (often a metonym for its government: it
        never describes a route on its own).
    node
        Whether the place is one of a corridor's nodes (not only near a segment).
    """

    key: str
    names: tuple[str, ...]
    country: str
    corridors: dict[str, tuple[str, ...]]
    capital: bool = False
    node: bool = False


def _km_xy(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    return lon * 111.32 * math.cos(math.radians(lat0)), lat * 110.57


def _segments(doc: dict) -> list[tuple[object, str, float, frozenset[str]]]:
    """Segments of one corridor: (line in km around its mean latitude, mode, lat0, countries).

    Shapely (and numpy under it) is imported only here and in :func:`_modes_near`, i.e. when
    the table is computed, not when it is read from the cache (``extract`` stays light).
    """
    from shapely.geometry import LineString

    out = []
    for f in doc.get("features", []):
        g, p = f.get("geometry") or {}, f.get("properties") or {}
        if p.get("feature_type") != "segment" or g.get("type") != "LineString":
            continue
        coords = g["coordinates"]  # GeoJSON: (lon, lat)
        lat0 = sum(c[1] for c in coords) / len(coords)
        line = LineString([_km_xy(c[0], c[1], lat0) for c in coords])
        out.append((line, str(p.get("mode") or ""), lat0, frozenset(p.get("countries") or [])))
    return out


def _node_names(props: dict, skip: frozenset[str] = frozenset()) -> list[str]:
    """Spellings of a node: its aliases and the proper-name parts of its label.

    ``skip`` holds lower-cased names that are not the node's own (country names in labels
    such as "Jolfa (Iran)").
    """
    label = str(props.get("name") or "")
    parts = re.split(r"\s*[/–]\s*|\s*[(),]\s*", label)
    names = [*(props.get("aliases") or []), *parts]
    cleaned = []
    for n in names:
        n = _GENERIC.sub("", n).strip(" -")
        if len(n) >= 3 and n[0].isupper() and not re.search(r"\d", n) and n.lower() not in skip:
            cleaned.append(n)
    return list(dict.fromkeys(cleaned))


def compute_route_places(geodata: Path) -> list[RoutePlace]:
    """Route places of every corridor (see the module docstring)."""
    corridors = {}
    for path in sorted((geodata / "corridors").glob("*.geojson")):
        corridors[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    places: dict[str, dict] = {}

    def add(key: str, names, country: str, cid: str, modes, capital: bool = False) -> None:
        entry = places.setdefault(key, {"names": [], "country": country, "corridors": {},
                                        "capital": capital})
        entry["names"] = list(dict.fromkeys([*entry["names"], *names]))
        have = entry["corridors"].setdefault(cid, [])
        entry["corridors"][cid] = sorted(set(have) | set(modes))

    every = load_gazetteer(geodata)
    gazetteer = [p for p in every if p.kind in _POINT_KINDS | {"region"}]
    skip = frozenset(a.lower() for p in every if p.kind == "country" for a in p.aliases)
    for cid, doc in corridors.items():
        segs = _segments(doc)
        if not segs:
            continue
        for f in doc.get("features", []):
            p = f.get("properties") or {}
            if p.get("feature_type") == "node" and (f.get("geometry") or {}).get("type") == "Point":
                lon, lat = f["geometry"]["coordinates"]
                country = str(p.get("country") or "")
                modes = _modes_near(segs, [(lon, lat, country)], NEAR_KM)[0]
                add(f"node:{cid}:{p.get('name')}", _node_names(p, skip), country, cid, modes)
        near_point = _modes_near(segs, [(g.lon, g.lat, g.country) for g in gazetteer], NEAR_KM)
        near_region = _modes_near(
            segs, [(g.lon, g.lat, g.country) for g in gazetteer], NEAR_REGION_KM
        )
        for place, by_point, by_region in zip(gazetteer, near_point, near_region, strict=True):
            modes = by_region if place.kind == "region" else by_point
            if modes and place.prior >= MIN_PRIOR:
                names = [a for a in place.aliases
                         if len(a) >= 3 and a[:1].isupper() and a.lower() not in skip
                         and not re.search(r"['’‘\d]", a)][:MAX_NAMES]
                add(place.place_id, names, place.country, cid, modes,
                    place.place_id in _CAPITAL_IDS)
    return _merge_nodes(places)


def _modes_near(
    segs: list, points: list[tuple[float, float, str]], radius: float
) -> list[tuple[str, ...]]:
    """Per point: modes of the segments within ``radius`` km on the point's side of a border.

    A point counts for a segment only when its country is one the segment runs through: a
    town across a border river from a route (Meghri across the Aras from the Iranian bank)
    is not on it.
    """
    import shapely

    found: list[set[str]] = [set() for _ in points]
    for line, mode, lat0, countries in segs:
        scale = 111.32 * math.cos(math.radians(lat0))
        geoms = shapely.points([(lon * scale, lat * 110.57) for lon, lat, _ in points])
        near = shapely.dwithin(line, geoms, radius)
        for i in near.nonzero()[0]:
            if not countries or points[i][2] in countries:
                found[i].add(mode)
    return [tuple(sorted(m)) for m in found]


def _merge_nodes(places: dict[str, dict]) -> list[RoutePlace]:
    """One entry per place: a node whose spelling a gazetteer place has joins that place."""
    by_name: dict[str, str] = {}
    for key, e in places.items():
        if not key.startswith("node:"):
            for n in e["names"]:
                by_name.setdefault(n.lower(), key)
    out: dict[str, dict] = {}
    for key, e in places.items():
        target = key
        if key.startswith("node:"):
            target = next((by_name[n.lower()] for n in e["names"] if n.lower() in by_name), key)
        merged = out.setdefault(target, {"names": [], "country": e["country"], "corridors": {},
                                         "capital": e["capital"], "node": False})
        merged["names"] = list(dict.fromkeys([*merged["names"], *e["names"]]))
        merged["capital"] = merged["capital"] or e["capital"]
        merged["node"] = merged["node"] or key.startswith("node:")
        for cid, modes in e["corridors"].items():
            merged["corridors"][cid] = sorted(set(merged["corridors"].get(cid, [])) | set(modes))
    return [
        RoutePlace(k, tuple(v["names"]), v["country"],
                   {c: tuple(m) for c, m in v["corridors"].items()}, v["capital"], v["node"])
        for k, v in sorted(out.items())
    ]


def _key(geodata: Path) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((geodata / "corridors").glob("*.geojson")):
        h.update(path.read_bytes())
    h.update((geodata / "gazetteer.csv").read_bytes())
    h.update(metadata.version("shapely").encode())
    return h.hexdigest()[:32]


@functools.lru_cache(maxsize=4)
def load_route_places(geodata: Path | None = None) -> tuple[RoutePlace, ...]:
    """Return the route places, from the disk cache when current, else computed and cached."""
    geodata = Path(geodata or geodata_dir())
    path = cache_dir() / "route_places" / f"{_key(geodata)}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return tuple(RoutePlace(r["key"], tuple(r["names"]), r["country"],
                                {c: tuple(m) for c, m in r["corridors"].items()}, r["capital"],
                                r["node"])
                     for r in rows)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    places = tuple(compute_route_places(geodata))
    _write(path, [{"key": p.key, "names": list(p.names), "country": p.country,
                   "corridors": {c: list(m) for c, m in p.corridors.items()},
                   "capital": p.capital, "node": p.node} for p in places])
    return places


def _write(path: Path, rows: list[dict]) -> None:
    """Write atomically and drop tables of other keys; a failure only skips the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False)
        os.replace(tmp, path)
        for old in path.parent.glob("*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return


# --- description of a route by its places -------------------------------------------------

#: Words that frame a sentence as being about movement on a route: a place plus one of them
#: describes the route the place lies on.
MOVEMENT = re.compile(
    r"\b(rail(?:way|road)?s?|rail\s+links?|trains?|roads?|highways?|motorways?|bridges?|"
    r"ferr(?:y|ies)|pipelines?|customs|checkpoints?|border\s+crossings?|cargo|transit|trucks?|"
    r"lorr(?:y|ies)|freight|shipments?|corridors?|routes?|connect(?:s|ing|ion)?|links?|linking)\b",
    re.I,
)
#: Words about a facility (a port's own works): they describe a route only beside two of
#: its places, or beside a movement word.
FACILITY = re.compile(
    r"\b(ports?|seaports?|terminals?|stations?|containers?|construction)\b", re.I
)
#: A pipeline sentence versus a surface-transport sentence.
PIPELINE_MODE = re.compile(r"\bpipelines?\b", re.I)
SURFACE_MODE = re.compile(
    r"\b(rail(?:way|road)?s?|trains?|roads?|highways?|motorways?|bridges?|trucks?|lorr(?:y|ies)|"
    r"containers?|ferr(?:y|ies)|wagons?|TEU)\b",
    re.I,
)
_AVOIDED = re.compile(r"\b(bypass\w*|avoid\w*|circumvent\w*|without|instead\s+of|not)\W+"
                      r"(?:\w+\W+){0,2}$", re.I)
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_IRREGULAR_DEMONYMS = {"TR": ("Turkish",), "CN": ("Chinese",), "KZ": ("Kazakh", "Kazakhstani")}


_ANY_FRAME = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (MOVEMENT, FACILITY, PIPELINE_MODE, SURFACE_MODE)), re.I
)
_KINDS = (("moving", MOVEMENT), ("facility", FACILITY), ("pipeline", PIPELINE_MODE),
          ("surface", SURFACE_MODE))


_LITERALS = ("rail", "train", "road", "highway", "motorway", "bridge", "ferr", "pipeline",
             "customs", "checkpoint", "border", "cargo", "transit", "truck", "lorr", "freight",
             "shipment", "corridor", "route", "connect", "link", "port", "terminal", "station",
             "container", "construction", "wagon", "teu")


def _frames(sentence: str) -> dict[str, re.Match[str]]:
    """First word of each frame class not inside a capitalised name, in one scan."""
    out: dict[str, re.Match[str]] = {}
    low = sentence.lower()
    if not any(w in low for w in _LITERALS):  # every frame word holds one of these
        return out
    for m in _ANY_FRAME.finditer(sentence):
        if m.start() and m.group(0)[0].isupper():
            continue
        for kind, pattern in _KINDS:
            if kind not in out and pattern.fullmatch(m.group(0)):
                out[kind] = m
    return out


@dataclass(frozen=True)
class RouteMatch:
    """A corridor described by the route places of a sentence.

    Attributes
    ----------
    corridor
        The corridor id.
    evidence
        ``(text, start, end)`` of the places and the frame word the link rests on.
    reason
        Why this corridor and not another that shares the places (empty when none does).
    rivals
        Corridors with the same places that neither mode nor side told apart.
    """

    corridor: str
    evidence: tuple[tuple[str, int, int], ...]
    reason: str = ""
    rivals: frozenset[str] = frozenset()


def _outermost(hits: list[tuple[int, int, int]], places) -> list[tuple[int, int, int]]:  # noqa: ANN001
    """Drop a hit inside a longer one ("Aktau" inside "Aktau port")."""
    return [h for h in hits if not any(
        o[1] <= h[1] and h[2] <= o[2] and (o[2] - o[1]) > (h[2] - h[1]) for o in hits
    )]


_FROM = re.compile(r"\bfrom\W+(?:the\W+)?$", re.I)
_TO = re.compile(r"^\W*(?:\(.{0,40}?\)\W*)?(?:to|through|via|and\s+on\s+to)\W+(?:the\W+)?$", re.I)


def _from_to(sentence: str, found: dict[str, tuple[str, int, int]], base: int) -> bool:
    """Whether two of the places stand in a "from X to Y" (through, via) construction."""
    spans = sorted((s - base, e - base) for _, s, e in found.values())
    return any(
        _FROM.search(sentence[max(0, a[0] - 20) : a[0]]) and _TO.match(sentence[a[1] : b[0]])
        for a, b in zip(spans, spans[1:], strict=False)
    )


def _distinct(found: dict[str, tuple[str, int, int]], kinds: dict[str, set[str]]) -> list[str]:
    """Spellings naming different places (spellings sharing a place count once)."""
    seen: list[set[str]] = []
    out = []
    for spelling in found:
        if not any(kinds[spelling] & s for s in seen):
            out.append(spelling)
        seen.append(kinds[spelling])
    return out


class RouteMatcher:
    """Decide which corridors a sentence describes from the route places it names.

    Parameters
    ----------
    places
        :func:`load_route_places`.
    countries
        ``{ISO2: names}`` of countries (for the side of a border).
    """

    def __init__(self, places: tuple[RoutePlace, ...], countries: dict[str, tuple[str, ...]]):
        self.places = places
        self.by_key = {p.key: p for p in places}
        self.corridor_countries: dict[str, set[str]] = {}
        modes: dict[str, set[str]] = {}
        for p in places:
            for cid, m in p.corridors.items():
                modes.setdefault(cid, set()).update(m)
                if p.country:
                    self.corridor_countries.setdefault(cid, set()).add(p.country)
        self.corridor_modes = {c: frozenset(m) for c, m in modes.items()}
        capital_names = {n.lower() for p in places if p.capital for n in p.names}
        self._capital_named = {
            i for i, p in enumerate(places) if any(n.lower() in capital_names for n in p.names)
        }
        self._country_of: dict[str, str] = {}
        for code, names in countries.items():
            for n in (*names, *_IRREGULAR_DEMONYMS.get(code, ())):
                for form in (n, n + "n", n + "ian", n + "i"):
                    self._country_of[form.lower()] = code

    def capital_name(self, idx: int) -> bool:
        """Whether place ``idx`` shares a name with a capital (the province of Ankara)."""
        return idx in self._capital_named

    def names(self) -> list[tuple[str, int]]:
        """Every spelling to look for, with the index of its place."""
        return [(n, i) for i, p in enumerate(self.places) for n in p.names]

    def describe(
        self,
        sentence: str,
        base: int,
        hits: list[tuple[int, int, int]],
        topic: frozenset[str] = frozenset(),
    ) -> list[RouteMatch]:
        """Corridors the sentence describes by the places ``hits`` (place index, start, end).

        A corridor is described by one of its places with a movement word, or two with any
        transport frame or in a "from X to Y" construction; a capital (as often a metonym
        for its government) is never the only place unless its corridor is the ``topic``.
        A place counts once however spelt ("Aktau", "Aktau port"), a mention once whatever
        it may name (Kars the town and the province). A pipeline sentence keeps only
        pipeline corridors and a rail/road one drops them. Of corridors sharing places, one
        with more of the sentence's places wins, then one on the side of a border the
        sentence names (Iran for the Aras route, Armenia for Zangezur).
        """
        found_frames = _frames(sentence)
        moving = found_frames.get("moving")
        frame = moving or found_frames.get("facility")
        pipeline, surface = found_frames.get("pipeline"), found_frames.get("surface")
        mode = "pipeline" if pipeline and not surface else ""
        mode = "surface" if surface and not pipeline else mode
        per: dict[str, dict[str, tuple[str, int, int]]] = {}
        kinds: dict[str, set[str]] = {}  # spelling -> keys of the places it names
        dropped: set[str] = set()  # corridors of the other mode
        for idx, start, end in _outermost(hits, self.places):
            place = self.places[idx]
            for cid, modes in place.corridors.items():
                if (mode == "pipeline" and "pipeline" not in modes) or (
                    mode == "surface" and modes and set(modes) <= {"pipeline"}
                ):
                    dropped.add(cid)
                    continue
                text = sentence[start - base : end - base]
                per.setdefault(cid, {}).setdefault(text.lower(), (text, start, end))
                kinds.setdefault(text.lower(), set()).add(place.key)
        ok = {}
        for cid, found in per.items():
            plain = [s for s in found if not self._capital(kinds[s]) or cid in topic]
            two = len(_distinct(found, kinds)) >= 2
            if plain and (moving or (two and (frame or _from_to(sentence, found, base)))):
                ok[cid] = found
        lost = sorted(dropped - set(ok))
        note = f"mode: {mode}, not {', '.join(lost)}" if lost else ""
        return self._compete(sentence, ok, frame, base, note)

    def _capital(self, keys: set[str]) -> bool:
        """Whether a spelling may name a capital (Ankara the city, not only the province)."""
        return any(self.by_key[k].capital for k in keys)

    def _compete(self, sentence, ok, frame, base, note) -> list[RouteMatch]:  # noqa: ANN001
        """Drop corridors that share all their places with a better-evidenced one."""
        named = self._named_countries(sentence) if len(ok) > 1 else set()
        out = []
        for cid, found in ok.items():
            reason = note
            beaten, rivals = False, set()
            for other, theirs in ok.items():
                if other == cid or not set(found) <= set(theirs):
                    continue
                if len(theirs) > len(found):
                    beaten = True
                    break
                side = self._side(cid, other, named)
                if side is None:
                    rivals.add(other)
                elif side:
                    reason = "side: " + side
                else:
                    beaten = True
                    break
            if not beaten:
                evidence = sorted(found.values(), key=lambda t: t[1])
                if frame:
                    evidence.append((frame.group(0), base + frame.start(), base + frame.end()))
                out.append(RouteMatch(cid, tuple(evidence), reason, frozenset(rivals)))
        return out

    def _side(self, cid: str, other: str, named: set[str]) -> str | None:
        """Country names that put the sentence on ``cid``'s side ("" if on ``other``'s)."""
        mine = self.corridor_countries.get(cid, set()) - self.corridor_countries.get(other, set())
        theirs = self.corridor_countries.get(other, set()) - self.corridor_countries.get(cid, set())
        if named & mine and not named & theirs:
            return ", ".join(sorted(named & mine))
        if named & theirs and not named & mine:
            return ""
        return None

    def _named_countries(self, sentence: str) -> set[str]:
        """Countries the sentence puts a route in; not those it bypasses ("bypassing Russia").

        A dictionary look-up of every run of one to three words (cheaper than one regular
        expression of every country's name forms).
        """
        words = list(_WORD.finditer(sentence))
        out = set()
        for k, m in enumerate(words):
            for n in (1, 2, 3):
                if k + n > len(words):
                    break
                key = sentence[m.start() : words[k + n - 1].end()].lower()
                code = self._country_of.get(key)
                if code and not _AVOIDED.search(sentence[max(0, m.start() - 40) : m.start()]):
                    out.add(code)
        return out


def country_names(geodata: Path | None = None) -> dict[str, tuple[str, ...]]:
    """``{ISO2: names}`` of the gazetteer's present-day countries."""
    out: dict[str, list[str]] = {}
    for p in load_gazetteer(Path(geodata or geodata_dir())):
        if p.kind == "country" and p.country and not re.search(r"empire|soviet", p.place_id):
            out.setdefault(p.country, []).extend(a for a in p.aliases if a[:1].isupper())
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}
