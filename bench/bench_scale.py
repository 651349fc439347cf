"""The app on its own index at 1k, 10k (and 100k) documents, against a hello-world map app.

Usage::

    python bench/bench_scale.py [--sizes 1000,10000] [--repeat 5] [--cache DIR]
                                [--replicate N] [--no-browser]

For every size a corpus folder is generated from the seeds (``bench/corpus_gen``, the
app's strict ``sources.csv``) and indexed by ``python -m dashboard build``'s own path
(:func:`dashboard.core.evidence.cache.load_or_build`), kept in ``--cache`` for later
runs. ``--replicate N`` cycles the texts of N generated documents instead (the index is
then copied from N documents' rows: same files, minutes less at 100k). Then, on that
index exactly as the app finds it:

* **cold start**: ``streamlit run dashboard/app.py`` (index cached) until the map's
  corridors are drawn in Debian chromium, against a hello-world ``streamlit-folium`` app
  (one map, one line, the same local Leaflet) started and opened the same way; ratio;
* **server RSS**: the app server's peak RSS after the map is drawn (VmHWM);
* **warm rerun**: AppTest map-page rerun with nothing changed, median of ``--repeat``;
* **click -> evidence**: AppTest rerun selecting the most mentioned place (its card and
  first page of excerpts), median;
* **map payload**: the ``st_folium`` component's JSON arguments (KB), default view;
* **first search**: opening search on the store and answering ``railway`` (match and
  ranking), in a fresh process;
* **add one article**: one new file plus its ``sources.csv`` row, then the index brought
  up to date and reopened (the parser is built beforehand, as the app caches it).

Targets from the scale issue (at 100k): cold start <= 1.5x hello world, warm rerun <=
100 ms, click <= 500 ms, RSS <= 1 GB, payload <= 500 KB, first search <= 1 s, add one
<= 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, Row, format_table, peak_rss_mb
from corpus_gen import generate, replicate, replicate_index, write_corpus

APP = REPO / "dashboard" / "app.py"
DRAWN_JS = ("() => [...document.querySelectorAll('path.atlas-corridor')]"
            ".filter(p => (p.getAttribute('d') || '').length > 10).length")
HELLO = '''import folium
import streamlit as st
from streamlit_folium import st_folium

from dashboard.ui.assets import LEAFLET_BASE_URL

m = folium.Map(location=[41.0, 45.0], zoom_start=5, tiles=None)
m.default_js = [("leaflet", LEAFLET_BASE_URL + "leaflet.js")]
m.default_css = [("leaflet_css", LEAFLET_BASE_URL + "leaflet.css")]
folium.PolyLine([[40.4, 49.9], [41.7, 44.8], [41.0, 28.9]],
                class_name="atlas-corridor").add_to(m)
st.title("Hello map")
st_folium(m, height=500, returned_objects=[])
'''
FIRST_SEARCH = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from dashboard.core.geodata import corridors
from dashboard.core.evidence import cache as evidence_cache
from dashboard.core.evidence.search_sql import StoredSearch
index = evidence_cache.open_index(Path(sys.argv[1]))
t1 = time.perf_counter()
s = StoredSearch(index.store, corridors.load_corridor_index())
parsed = s.parse("railway")
keys = s.match(parsed)
table = s.rank(parsed, keys)
print(json.dumps({"search_s": time.perf_counter() - t1, "hits": len(table)}))
"""


def prepared(n_docs: int, cache: Path, base: int | None) -> tuple[Path, Path]:
    """Return the corpus folder and the cache folder of ``n_docs`` generated documents."""
    from dashboard.core.evidence import cache as evidence_cache
    from dashboard.core.evidence import cachestore
    from dashboard.core.evidence.stream import build_to_folder
    from dashboard.core.paths import geodata_dir

    seeds, cache_dir = cache / f"corpus{n_docs}", cache / f"cache{n_docs}"
    if not (seeds / "sources.csv").is_file():
        if base and base < n_docs:
            originals = generate(base)
            docs = replicate(originals, n_docs)
            write_corpus(docs, seeds)
            root = cache_dir / "evidence"
            build_to_folder(originals, _parser(), cache / f"base{base}")
            tmp = cachestore.new_build_folder(root)
            replicate_index(cache / f"base{base}", originals, docs, tmp)
            evidence_cache.adopt(tmp, seeds, geodata_dir(), cache_dir)
        else:
            write_corpus(generate(n_docs), seeds)
    evidence_cache.load_or_build(seeds, cache=cache_dir, parser=_parser)
    return seeds, cache_dir


_PARSER = []


def _parser():
    from dashboard.core.evidence.index import make_parser

    if not _PARSER:
        _PARSER.append(make_parser())
    return _PARSER[0]


def _start(script: Path, env: dict[str, str], tmp: Path):
    from tests.browser.conftest import free_port, wait_healthy

    port = free_port()
    log = open(tmp / f"server-{port}.log", "w")  # noqa: SIM115 - closed in _stop
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **env}, stdout=log,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, timeout=600)
    return proc, url, log


def cold_start(browser, script: Path, env: dict[str, str], tmp: Path) -> dict:
    """Seconds from process start to drawn corridors, and the server's peak RSS (MB)."""
    from tests.browser.conftest import OfflinePage, map_frame, stop_streamlit

    t0 = time.perf_counter()
    proc, url, log = _start(script, env, tmp)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = OfflinePage(context.new_page())
        page.page.goto(url)
        frame = map_frame(page.page, timeout_ms=600_000)
        frame.wait_for_function(DRAWN_JS, timeout=600_000)
        ready = time.perf_counter() - t0
        time.sleep(0.5)
        return {"ready_s": ready, "rss_mb": peak_rss_mb(proc.pid)}
    finally:
        context.close()
        stop_streamlit(proc, log)


def browser_figures(seeds: Path, cache_dir: Path, repeat: int) -> dict:
    """Cold starts (medians of ``repeat``, alternating app and hello world) and RSS."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    env = {"ATLAS_SEEDS_DIR": str(seeds), "ATLAS_CACHE_DIR": str(cache_dir)}
    app, hello = [], []
    with tempfile.TemporaryDirectory(prefix="atlas-scale-") as tmp, sync_playwright() as pw:
        script = Path(tmp) / "hello_map.py"
        script.write_text(HELLO, encoding="utf-8")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for _ in range(repeat):
                app.append(cold_start(browser, APP, env, Path(tmp)))
                hello.append(cold_start(browser, script, {}, Path(tmp)))
        finally:
            browser.close()
    return {"cold_app_s": statistics.median(a["ready_s"] for a in app),
            "cold_hello_s": statistics.median(h["ready_s"] for h in hello),
            "rss_mb": max(a["rss_mb"] for a in app),
            "hello_rss_mb": max(h["rss_mb"] for h in hello)}


def _ms(action) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def apptest_figures(seeds: Path, cache_dir: Path, repeat: int) -> dict:
    """Warm rerun and click -> evidence (ms, medians) and the map payload (KB)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.core.evidence.cache import current_key
    from dashboard.core.evidence.sql import EvidenceStore
    from dashboard.ui import session as keys

    os.environ.update({"ATLAS_SEEDS_DIR": str(seeds), "ATLAS_CACHE_DIR": str(cache_dir)})
    try:
        store = EvidenceStore(cache_dir / "evidence" / current_key(seeds, cache=cache_dir))
        top = str(store.sql("SELECT place_id FROM places ORDER BY mention_count DESC "
                            "LIMIT 1")["place_id"].iloc[0])
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.run()
        if at.exception:
            raise RuntimeError(at.exception)
        args = [c for c in at.get("component_instance")
                if "st_folium" in getattr(c.proto, "component_name", "")][0].proto.json_args
        warm = statistics.median(_ms(at.run) for _ in range(repeat))
        trivial = AppTest.from_string("import streamlit as st\nst.write('hello')\n")
        trivial.run()
        harness = statistics.median(_ms(trivial.run) for _ in range(repeat))
        clicks = []
        for _ in range(repeat):
            clicks.append(_ms(lambda: at.selectbox(key=keys.SEL_PLACE).set_value(top).run()))
            at.selectbox(key=keys.SEL_PLACE).set_value(None).run()
        if at.exception:
            raise RuntimeError(at.exception)
        return {"warm_ms": warm, "click_ms": statistics.median(clicks), "harness_ms": harness,
                "payload_kb": len(args.encode("utf-8")) / 1024}
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        for name in ("ATLAS_SEEDS_DIR", "ATLAS_CACHE_DIR"):
            os.environ.pop(name, None)


def first_search(entry: Path) -> dict:
    """Open the store and answer one search in a fresh process (seconds, hits)."""
    out = subprocess.run([sys.executable, "-c", FIRST_SEARCH, str(entry)], check=True,
                         capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def add_one(seeds: Path, cache_dir: Path) -> float:
    """Seconds to bring the index up to date after one added article, and reopen it."""
    import csv

    from dashboard.core.evidence import cache as evidence_cache

    text = generate(1, seed=99)[0].text
    name = f"zz_added_{time.time_ns()}.txt"
    (seeds / name).write_text(text, encoding="utf-8")
    with (seeds / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([Path(name).stem, name, "Added article", "", "Bench Wire",
                                 "2025-01-01", "", "added by bench/bench_scale.py"])
    _parser()  # the app's parser is cached before anyone adds an article
    t0 = time.perf_counter()
    entry = evidence_cache.load_or_build(seeds, cache=cache_dir, parser=_parser)
    index = evidence_cache.open_index(entry)
    seconds = time.perf_counter() - t0
    if Path(name).stem not in set(index.documents["doc_id"]):
        raise RuntimeError("the added article is not in the index")
    return seconds


def measure(n_docs: int, cache: Path, repeat: int, browser: bool = True,
            base: int | None = None) -> dict[str, float]:
    """All figures for one corpus size."""
    from dashboard.core.evidence.cache import current_key

    seeds, cache_dir = prepared(n_docs, cache, base)
    entry = cache_dir / "evidence" / current_key(seeds, cache=cache_dir)
    figures = {**apptest_figures(seeds, cache_dir, repeat)}
    search = first_search(entry)
    figures.update(search_s=search["search_s"], search_hits=search["hits"])
    if browser:
        figures.update(browser_figures(seeds, cache_dir, max(1, repeat // 2)))
    figures["add_one_s"] = add_one(seeds, cache_dir)
    return figures


def rows_for(n: int, f: dict[str, float]) -> list[Row]:
    """Table rows of one size."""
    s = f"scale {n:,} docs"
    rows = []
    if "cold_app_s" in f:
        rows.append(Row(s, "cold start -> map drawn", f["cold_app_s"], "s",
                        ratio=f"hello world {f['cold_hello_s']:.1f} s"))
        rows.append(Row(s, "cold start / hello-world cold start",
                        f["cold_app_s"] / f["cold_hello_s"], "x", "<= 1.5"))
        rows.append(Row(s, "app server peak RSS", f["rss_mb"], "MB", "<= 1024",
                        ratio=f"hello world {f['hello_rss_mb']:.0f} MB"))
    rows += [Row(s, "warm rerun (AppTest)", f["warm_ms"], "ms", "<= 100",
                 ratio=f"trivial-script rerun {f['harness_ms']:.0f} ms"),
             Row(s, "click -> evidence (AppTest)", f["click_ms"], "ms", "<= 500"),
             Row(s, "map payload", f["payload_kb"], "KB", "<= 500"),
             Row(s, "first search (open + 'railway')", f["search_s"], "s", "<= 1",
                 note=f"{int(f['search_hits']):,} sentences"),
             Row(s, "add one article", f["add_one_s"], "s", "<= 2")]
    return rows


def main() -> int:
    """Print one table for every size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--replicate", type=int, default=None, metavar="N")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="atlas-scale-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        figures = measure(n, cache, args.repeat, not args.no_browser, args.replicate)
        print(json.dumps({"docs": n, **figures}), file=sys.stderr)
        rows += rows_for(n, figures)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
