"""Every ``st.cache_*`` function of ``dashboard.ui`` that takes arguments is bounded."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from streamlit.runtime.caching.cache_utils import CachedFunc

import dashboard.ui


def _cached_functions() -> list[CachedFunc]:
    modules = [importlib.import_module(f"dashboard.ui.{m.name}")
               for m in pkgutil.iter_modules(dashboard.ui.__path__)]
    return [f for m in modules for f in vars(m).values() if isinstance(f, CachedFunc)]


def test_every_cache_with_arguments_is_bounded():
    cached = _cached_functions()
    assert len(cached) >= 8
    for func in cached:
        params = inspect.signature(func._info.func).parameters
        if params:
            assert func._info.max_entries is not None, func._info.func.__name__
