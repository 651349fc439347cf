"""Regenerate ``geodata/corridors`` and ``geodata/basemap`` from the geodata source folder.

Usage::

    python scripts/build_geodata.py [SOURCE_DIR]

``SOURCE_DIR`` defaults to ``../shared/geodata-src`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from dashboard.core.geo_facts import CORRIDORS, PALETTE_SOURCE  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "geodata-src"


def build_index(extra: dict[str, dict] | None = None) -> dict:
    """Assemble the corridor index document.

    Parameters
    ----------
    extra
        Optional per-corridor fields merged into each entry (e.g. ``unplaced_nodes``).

    Returns
    -------
    dict
        JSON-serialisable index with a ``corridors`` list in canonical order.
    """
    corridors = []
    for entry in CORRIDORS:
        item = dict(entry)
        sources = _collect_sources(item)
        item.update((extra or {}).get(item["id"], {}))
        item["sources"] = sources
        corridors.append(item)
    return {
        "schema": "south-caucasus-corridors-atlas/corridor-index/1",
        "color_palette_source": PALETTE_SOURCE,
        "corridors": corridors,
    }


def _collect_sources(item: dict) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if key in {"source", "description_source"} and isinstance(sub, str):
                    for part in sub.split(" ; "):
                        if part.strip() and part.strip() not in found:
                            found.append(part.strip())
                else:
                    walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk(item)
    return found


def write_json(path: Path, doc: dict) -> None:
    """Write ``doc`` as UTF-8 JSON with a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build all geodata files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "geodata")
    args = parser.parse_args(argv)
    write_json(args.out / "corridors" / "index.json", build_index())
    return 0


if __name__ == "__main__":
    sys.exit(main())
