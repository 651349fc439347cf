"""Every ``st.cache_*`` of the app is in ``dashboard.ui.cache``; each with arguments is bounded."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from streamlit.runtime.caching.cache_utils import CachedFunc

import dashboard.ui
from dashboard.ui import cache

PACKAGE = Path(dashboard.ui.__file__).resolve().parent.parent


def _cached_functions() -> list[CachedFunc]:
    modules = [importlib.import_module(f"dashboard.ui.{m.name}")
               for m in pkgutil.iter_modules(dashboard.ui.__path__)]
    return [f for m in modules for f in vars(m).values() if isinstance(f, CachedFunc)]


def cache_calls(tree: ast.AST) -> list[int]:
    """Lines where ``tree`` names ``cache_data`` or ``cache_resource`` (call or decorator)."""
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource")
            or isinstance(node, ast.Name) and node.id in ("cache_data", "cache_resource")]


def test_every_cache_with_arguments_is_bounded():
    cached = _cached_functions()
    assert len(cached) >= 15
    for func in cached:
        params = inspect.signature(func._info.func).parameters
        if params:
            assert func._info.max_entries is not None, func._info.func.__name__


def test_every_cache_is_in_ui_cache():
    outside = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == Path(cache.__file__).resolve():
            continue
        lines = cache_calls(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            outside[str(path.relative_to(PACKAGE))] = lines
    assert outside == {}
    assert {f._info.func.__module__ for f in _cached_functions()} == {"dashboard.ui.cache"}


def test_the_scan_finds_a_cache_decorator():
    planted = "import streamlit as st\n@st.cache_data(max_entries=2)\ndef f(x):\n    return x\n"
    assert cache_calls(ast.parse(planted)) == [2]
