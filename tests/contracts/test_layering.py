"""The layers of ``dashboard`` import one way, and no module imports itself round a loop.

Rules (every ``import`` counts, including those inside functions):

- ``dashboard.core`` imports no ``dashboard.ui``, ``dashboard.pages``, ``dashboard.cli``,
  ``streamlit`` or ``streamlit_folium`` (pure logic; ``test_core_purity`` also checks
  what importing it loads).
- ``dashboard.ui`` imports no ``dashboard.pages`` or ``dashboard.cli``.
- ``dashboard.cli`` imports no ``dashboard.ui``, ``dashboard.pages`` or ``streamlit``.
- A page imports no other page and no ``dashboard.cli``; and it imports
  ``dashboard.core.P.X`` only when there is neither a ``dashboard.ui.P`` nor a
  ``dashboard.ui.X``: a ui module of that name wraps the concept, and the page goes
  through it.
- No import cycle among ``dashboard`` modules.

Today's exceptions are listed below, each with its reason; an exception that is no
longer needed fails the test so that the list stays exact.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "dashboard"

# (page, core module) pairs where the page bypasses the ui module of the same name.
PAGE_EXCEPTIONS = {
    ("dashboard.pages.map", "dashboard.core.map.permalink"):
        "the map page builds the permalink Vocabulary; the map page is being reworked "
        "separately",
}

# Import cycles that exist today, as frozensets of the modules in the loop.
CYCLE_EXCEPTIONS: dict[frozenset[str], str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def imports_of(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (anywhere in the file), as dotted names.

    ``from a import b`` counts as ``a.b`` when that is a module of the package, else ``a``.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            subs = {f"{base}.{alias.name}" for alias in node.names}
            found.update(s for s in subs if s in MODULES)
            if not subs <= MODULES.keys():
                found.add(base)
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import that breaks a layer rule (page exceptions left out)."""
    forbidden = {
        "dashboard.core": ("dashboard.ui", "dashboard.pages", "dashboard.cli", "streamlit",
                           "streamlit_folium"),
        "dashboard.ui": ("dashboard.pages", "dashboard.cli"),
        "dashboard.cli": ("dashboard.ui", "dashboard.pages", "streamlit", "streamlit_folium"),
        "dashboard.pages": ("dashboard.pages", "dashboard.cli"),
    }
    found = []
    for module, imported in sorted(graph.items()):
        for layer, banned in forbidden.items():
            if _under(module, layer):
                found += [f"{module} -> {m}" for m in sorted(imported) if _under(m, *banned)]
    return found


def page_bypasses(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(page, core module) pairs where a ui module named like the module or its package exists."""
    return {
        (module, m) for module, imported in graph.items() if _under(module, "dashboard.pages")
        for m in imported
        if _under(m, "dashboard.core")
        and any(f"dashboard.ui.{part}" in MODULES for part in m.split(".")[2:])
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_every_layer():
    assert {"dashboard.core.corpus.store", "dashboard.ui.data", "dashboard.pages.map",
            "dashboard.cli.build"} <= GRAPH.keys()
    assert "dashboard.core.corpus.store" in GRAPH["dashboard.ui.sources_state"]
    assert "dashboard.ui.data" in GRAPH["dashboard.pages.reader"]  # from dashboard.ui import data


def test_layers_import_one_way():
    assert layer_violations(GRAPH) == []


def test_pages_go_through_the_ui_module_that_wraps_a_concept():
    assert page_bypasses(GRAPH) == set(PAGE_EXCEPTIONS)


def test_no_import_cycles():
    assert set(cycles(GRAPH)) == set(CYCLE_EXCEPTIONS)


def test_the_checks_catch_a_bad_import():
    bad = {k: set(v) for k, v in GRAPH.items()}
    bad["dashboard.core.text.normalise"].add("dashboard.ui.data")
    bad["dashboard.pages.overview"].add("dashboard.core.evidence.compare")
    bad["dashboard.core.paths"].add("dashboard.core.corpus.store")  # store imports paths
    assert layer_violations(bad) == ["dashboard.core.text.normalise -> dashboard.ui.data"]
    assert ("dashboard.pages.overview", "dashboard.core.evidence.compare") in page_bypasses(bad)
    assert any({"dashboard.core.paths", "dashboard.core.corpus.store"} <= c for c in cycles(bad))
