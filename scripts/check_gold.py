"""Self-check of the gold-standard toponym and corridor annotation of the seed articles.

Loads ``tests/data/gold_seeds.json`` and verifies it against the texts in ``seeds/``:

* every mention span reproduces its surface (``text[start:end]``), which must be the
  place's ``surface``, its ``canonical`` name or a listed alias variant;
* mentions sit on word boundaries, never overlap, and ``in_name`` names really contain them;
* kinds, corridor ids, bases, country codes and coordinates are valid;
* corridor-sentence spans lie inside the text, start and end on non-space characters,
  stay on one line and end at a sentence end.

Exit status 0 when everything passes, 1 otherwise.  ``--summary`` prints the counts that
are quoted in ``tests/data/GOLD_GUIDELINES.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "gold_seeds.json"
SEEDS = REPO / "seeds"

KINDS = {
    "country",
    "city",
    "region",
    "river",
    "sea",
    "port",
    "facility",
    "border_crossing",
    "macro_region",
}
CORRIDORS = ["middle_corridor", "instc", "zangezur", "aras", "btc"]
BASES = {"named", "described", "anaphoric"}

# Surface variants accepted besides the place's ``surface`` and ``canonical`` fields.
ALIASES: dict[str, set[str]] = {
    "Azerbaijan": {"Republic of Azerbaijan"},
    "Central Asia": {"Central Asian Republics"},
    "Iran": {"Islamic Republic"},
    "Khojaly": {"Khojali"},
    "Kyiv": {"Kiev"},
    "Mediterranean Sea": {"Mediterranean"},
    "Moscow Kremlin": {"Kremlin"},
    "Nakhchivan Autonomous Republic": {"Nakhchivan", "Nakhichevan"},
    "Russia": {"Russias"},
    "Shusha": {"Susha"},
    "Turkey": {"Turkiye", "Türkiye"},
    "United States": {"US", "U.S.", "United States of America"},
}

PLACE_KEYS = {
    "surface",
    "canonical",
    "kind",
    "lat",
    "lon",
    "country_code",
    "optional",
    "mentions",
}
MENTION_KEYS = {"start", "end", "in_name", "optional"}
SENTENCE_KEYS = {"corridor", "start", "end", "basis"}
SENTENCE_END = set('.!?”"')


def read_text(name: str) -> str:
    """Read a seed article exactly as the offsets are defined.

    Parameters
    ----------
    name : str
        File name inside ``seeds/``.

    Returns
    -------
    str
        The text decoded as UTF-8 with newlines left untouched.
    """
    with open(SEEDS / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def is_word_char(ch: str) -> bool:
    """Return True for characters that may not touch a mention boundary."""
    return ch.isalnum() or ch == "_"


def check_place(
    fname: str, text: str, place: dict[str, Any], errors: list[str]
) -> list[tuple[int, int, str]]:
    """Check one place entry and return its mention spans.

    Parameters
    ----------
    fname : str
        File name, for error messages.
    text : str
        Article text.
    place : dict
        The place entry from the gold file.
    errors : list of str
        Error messages are appended here.

    Returns
    -------
    list of tuple
        ``(start, end, canonical)`` for every mention of the place.
    """
    where = f"{fname}: place {place.get('canonical')!r}"
    missing = PLACE_KEYS - place.keys()
    if missing:
        errors.append(f"{where}: missing keys {sorted(missing)}")
        return []
    if place["kind"] not in KINDS:
        errors.append(f"{where}: invalid kind {place['kind']!r}")
    lat, lon = place["lat"], place["lon"]
    if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
        errors.append(f"{where}: lat out of range: {lat!r}")
    if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
        errors.append(f"{where}: lon out of range: {lon!r}")
    cc = place["country_code"]
    if cc is not None and not (isinstance(cc, str) and re.fullmatch(r"[A-Z]{2}", cc)):
        errors.append(f"{where}: invalid country_code {cc!r}")
    if place["kind"] in {"country", "city", "region", "port", "facility"} and cc is None:
        errors.append(f"{where}: kind {place['kind']} needs a country_code")
    if place["kind"] == "macro_region" and cc is not None:
        errors.append(f"{where}: macro_region must have country_code null")
    if not isinstance(place["optional"], bool):
        errors.append(f"{where}: optional must be a bool")
    mentions = place["mentions"]
    if not mentions:
        errors.append(f"{where}: no mentions")
        return []
    if place["optional"] != all(m.get("optional") is True for m in mentions):
        errors.append(f"{where}: place optional flag must equal 'all mentions optional'")
    allowed = {place["surface"], place["canonical"]} | ALIASES.get(place["canonical"], set())
    if place["surface"] not in {place["canonical"]} | ALIASES.get(place["canonical"], set()):
        errors.append(f"{where}: surface {place['surface']!r} is not canonical or an alias")
    spans: list[tuple[int, int, str]] = []
    for m in mentions:
        missing = MENTION_KEYS - m.keys()
        if missing:
            errors.append(f"{where}: mention missing keys {sorted(missing)}")
            continue
        s, e = m["start"], m["end"]
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            errors.append(f"{where}: bad span {s!r}-{e!r}")
            continue
        got = text[s:e]
        if got not in allowed:
            errors.append(f"{where}: span {s}-{e} is {got!r}, not one of {sorted(allowed)}")
        if "text" in m and m["text"] != got:
            errors.append(f"{where}: span {s}-{e} is {got!r} but text says {m['text']!r}")
        if (s > 0 and is_word_char(text[s - 1])) or (e < len(text) and is_word_char(text[e])):
            errors.append(f"{where}: span {s}-{e} {got!r} is not on word boundaries")
        if not isinstance(m["optional"], bool):
            errors.append(f"{where}: mention {s}-{e} optional must be a bool")
        name = m["in_name"]
        if name is not None:
            if not isinstance(name, str) or got not in name:
                errors.append(f"{where}: in_name {name!r} does not contain {got!r}")
            elif not _name_covers(text, name, s, e):
                errors.append(f"{where}: mention {s}-{e} is not inside {name!r}")
        spans.append((s, e, place["canonical"]))
    return spans


def _name_covers(text: str, name: str, s: int, e: int) -> bool:
    """Return True if an occurrence of ``name`` in ``text`` covers ``[s, e)``."""
    return any(mo.start() <= s and e <= mo.end() for mo in re.finditer(re.escape(name), text))


def sentence_ok(text: str, s: int, e: int) -> str | None:
    """Return a problem description for a sentence span, or None if it looks right.

    Parameters
    ----------
    text : str
        Article text.
    s, e : int
        Span start and exclusive end.

    Returns
    -------
    str or None
        The first problem found.
    """
    if not (0 <= s < e <= len(text)):
        return "span outside the text"
    seg = text[s:e]
    if seg[0].isspace() or seg[-1].isspace():
        return "starts or ends on whitespace"
    if "\n" in seg:
        return "crosses a line break"
    before = text[:s].rstrip(" \t\u00a0")
    if before and before[-1] != "\n" and before[-1] not in SENTENCE_END:
        return f"does not start at a sentence start (preceded by {before[-1]!r})"
    after = text[e : e + 1]
    if seg[-1] not in SENTENCE_END and after not in ("", "\n"):
        return f"does not end at a sentence end (ends with {seg[-1]!r})"
    if after and not after.isspace():
        return f"ends inside a word/sentence (next char {after!r})"
    return None


def check_file(entry: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    """Check one file entry and return its counts.

    Parameters
    ----------
    entry : dict
        A member of the top-level ``files`` list.
    errors : list of str
        Error messages are appended here.

    Returns
    -------
    dict
        Counts used by ``--summary``.
    """
    fname = entry["file"]
    path = SEEDS / fname
    if not path.is_file():
        errors.append(f"{fname}: no such seed file")
        return {}
    text = read_text(fname)
    spans: list[tuple[int, int, str]] = []
    canonicals = Counter(p.get("canonical") for p in entry["places"])
    for name, n in canonicals.items():
        if n > 1:
            errors.append(f"{fname}: place {name!r} listed {n} times")
    for place in entry["places"]:
        spans.extend(check_place(fname, text, place, errors))
    spans.sort()
    for (s1, e1, c1), (s2, e2, c2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            errors.append(f"{fname}: overlapping mentions {c1} {s1}-{e1} and {c2} {s2}-{e2}")
    corridors = entry["corridors"]
    for cid in corridors:
        if cid not in CORRIDORS:
            errors.append(f"{fname}: unknown corridor id {cid!r}")
    if len(set(corridors)) != len(corridors):
        errors.append(f"{fname}: duplicate corridor ids")
    seen: set[tuple[str, int, int]] = set()
    per_corridor: Counter[str] = Counter()
    for cs in entry["corridor_sentences"]:
        missing = SENTENCE_KEYS - cs.keys()
        if missing:
            errors.append(f"{fname}: corridor sentence missing keys {sorted(missing)}")
            continue
        key = (cs["corridor"], cs["start"], cs["end"])
        if key in seen:
            errors.append(f"{fname}: duplicate corridor sentence {key}")
        seen.add(key)
        if cs["corridor"] not in CORRIDORS:
            errors.append(f"{fname}: corridor sentence with unknown id {cs['corridor']!r}")
        elif cs["corridor"] not in corridors:
            errors.append(f"{fname}: sentence corridor {cs['corridor']} not in 'corridors'")
        if cs["basis"] not in BASES:
            errors.append(f"{fname}: invalid basis {cs['basis']!r}")
        problem = sentence_ok(text, cs["start"], cs["end"])
        if problem:
            errors.append(f"{fname}: corridor sentence {cs['start']}-{cs['end']}: {problem}")
        per_corridor[cs["corridor"]] += 1
    for cid in corridors:
        if per_corridor[cid] == 0:
            errors.append(f"{fname}: corridor {cid} listed but has no corridor sentence")
    mentions = [m for p in entry["places"] for m in p["mentions"]]
    return {
        "file": fname,
        "places": len(entry["places"]),
        "mentions": len(mentions),
        "optional": sum(1 for m in mentions if m["optional"]),
        "required": sum(1 for m in mentions if not m["optional"]),
        "in_name": sum(1 for m in mentions if m["in_name"]),
        "sentences": dict(per_corridor),
    }


def check(gold_path: Path = GOLD) -> tuple[list[str], list[dict[str, Any]]]:
    """Check the whole gold file.

    Parameters
    ----------
    gold_path : Path
        Location of the gold JSON file.

    Returns
    -------
    tuple
        The list of error messages (empty when valid) and per-file counts.
    """
    errors: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if set(gold) != {"files"}:
        errors.append(f"top level must be exactly {{'files'}}, got {sorted(gold)}")
    names = [f["file"] for f in gold["files"]]
    if len(set(names)) != len(names):
        errors.append("a file is listed twice")
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    if sorted(names) != seeds:
        errors.append(f"gold files {sorted(names)} differ from seed texts {seeds}")
    counts = [check_file(f, errors) for f in gold["files"]]
    return errors, counts


def main(argv: list[str] | None = None) -> int:
    """Run the check from the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD, help="gold JSON file")
    ap.add_argument("--summary", action="store_true", help="print counts per file")
    args = ap.parse_args(argv)
    errors, counts = check(args.gold)
    if args.summary:
        for c in counts:
            if c:
                print(
                    f"{c['file']}: places={c['places']} mentions={c['mentions']} "
                    f"(required={c['required']}, optional={c['optional']}, "
                    f"in_name={c['in_name']}) corridor_sentences={c['sentences']}"
                )
    for err in errors:
        print("ERROR:", err, file=sys.stderr)
    if errors:
        print(f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"OK: {len(counts)} files, {sum(c.get('mentions', 0) for c in counts)} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
