"""Map payload per corpus size: what the map component receives, at several views.

Usage::

    python bench/bench_payload.py [--sizes 1000,10000] [--repeat 3] [--cache DIR]

For the seeds, generated corpora of ``--sizes`` documents (``bench/corpus_gen.py``) and a
corpus naming more than 5,000 distinct places (``bench/places_corpus.py``), the index is
built once into ``DIR`` (not timed); then the map page runs in ``AppTest`` with the map
reporting each of several views (the first, unreported one; the home view; zoom 8 over
Tbilisi; zoom 10 over Baku) and the JSON arguments of the map component are
measured: everything sent to the browser for that view (base script, header, overlay).
Each figure is the median of ``--repeat`` runs (sizes are deterministic: the runs agree).
Target: at most 500 KB at every size and view.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from common import REPO, Row, format_table

APP = REPO / "dashboard" / "app.py"
LIMIT_KB = 500
#: (name, zoom, (west, south, east, north)); ``None`` bounds: the map has not reported.
VIEWS = (
    ("first draw", None, None),
    ("home, zoom 6", 6, (37.5, 37.0, 52.5, 45.0)),
    ("Tbilisi, zoom 8", 8, (43.4, 41.2, 46.2, 42.4)),
    ("Baku, zoom 10", 10, (49.4, 40.2, 50.3, 40.6)),
)


def corpus_folder(name: str, cache: Path) -> Path:
    """Write (once) the corpus ``name`` (``seeds``, ``places`` or a document count)."""
    from dashboard.core.paths import seeds_dir

    if name == "seeds":
        return seeds_dir()
    folder = cache / f"corpus-{name}"
    if (folder / "sources.csv").is_file():
        return folder
    if name == "places":
        from places_corpus import write_places_corpus
        return write_places_corpus(folder)
    from corpus_gen import generate, write_corpus
    return write_corpus(generate(int(name)), folder)


def measure(folder: Path, cache: Path, repeat: int) -> list[tuple[str, float, int]]:
    """``(view, median KB, places in the index)`` of the map page on ``folder``."""
    from streamlit.testing.v1 import AppTest

    from dashboard.core.evidence.cache import load_or_build, open_index
    from dashboard.ui import mapstate
    from dashboard.ui import session as keys

    os.environ["ATLAS_SEEDS_DIR"] = str(folder)
    os.environ["ATLAS_CACHE_DIR"] = str(cache / f"cache-{folder.name}")
    n_places = int(open_index(load_or_build(folder)).places["lat"].notna().sum())
    out = []
    for view, zoom, bounds in VIEWS:
        sizes = []
        for _ in range(repeat):
            at = AppTest.from_file(str(APP), default_timeout=600)
            if zoom is not None:
                west, south, east, north = bounds
                center = ((south + north) / 2, (west + east) / 2)
                at.session_state[keys.MAP_STATE] = mapstate.MapState(
                    view=mapstate.View(center, zoom), bounds=bounds)
            at.run()
            if at.exception:
                raise RuntimeError(at.exception)
            comp = [c for c in at.get("component_instance")
                    if getattr(c.proto, "component_name", "").endswith(".atlas_map")][0]
            sizes.append(len(json.dumps(json.loads(comp.proto.json_args)).encode()) / 1024)
        out.append((view, statistics.median(sizes), n_places))
    return out


def bench_payload(sizes: list[str], repeat: int, cache: Path) -> list[Row]:
    """Rows of the payload table, one per corpus and view."""
    rows = []
    for name in ["seeds", *sizes, "places"]:
        folder = corpus_folder(name, cache)
        label = (name if name == "seeds" else "places corpus" if name == "places"
                 else f"{int(name):,} docs")
        for view, kb, n_places in measure(folder, cache, repeat):
            rows.append(Row("payload", f"{label} ({n_places:,} places), {view}", kb, "KB",
                            f"<= {LIMIT_KB}"))
        rows.append(Row("payload", f"{label}: place layer alone, every place drawn (before)",
                        whole_layer_kb(folder), "KB", note="no window, no bins"))
    return rows


def whole_layer_kb(folder: Path) -> float:
    """Size of the place layer drawing every place, as the map did before binning."""
    from dashboard.core.evidence.cache import load_or_build, open_index
    from dashboard.core.map.places import build_overlay

    layer, _ = build_overlay(open_index(load_or_build(folder)).places)
    return len(layer.data_json.encode()) / 1024


def picker_rows(n_sources: int, repeat: int) -> list[Row]:
    """Source picker at ``n_sources`` sources: table build and one search (median s)."""
    import time

    import pandas as pd

    from dashboard.core.corpus import source_picker as sp

    docs = pd.DataFrame({"doc_id": [f"gen{i:06d}" for i in range(n_sources)],
                         "file": [f"gen{i:06d}.txt" for i in range(n_sources)],
                         "title": [f"Generated article {i}" for i in range(n_sources)],
                         "outlet": [("Bench Wire", "Generated Times")[i % 2]
                                    for i in range(n_sources)],
                         "date": [f"2024-{1 + i % 12:02d}-01" for i in range(n_sources)]})
    build, search = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        table = sp.source_table(docs)
        t1 = time.perf_counter()
        sp.describe(table, sp.match_sources(table, "wire 2024-03").doc_ids)
        build.append(t1 - t0)
        search.append(time.perf_counter() - t1)
    label = f"{n_sources:,} sources"
    return [Row("picker", f"{label}: source table (once per corpus version)",
                statistics.median(build), "s"),
            Row("picker", f"{label}: one search + labels of its first page",
                statistics.median(search), "s", "<= 0.1")]


def main() -> int:
    """Run the payload bench and print its table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="atlas-payload-"))
    sizes = [s for s in args.sizes.split(",") if s.strip()]
    rows = picker_rows(100_000, args.repeat) + bench_payload(sizes, args.repeat, cache)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
