"""A link that names a setting twice is ambiguous: that setting takes the default view."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.ui import session as keys

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _run(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_repeated_key_takes_the_default_and_a_single_one_is_honoured(corpus):
    assert _run({"sel": "corridor:zangezur"}).selectbox(key=keys.SEL_CORRIDOR).value == "zangezur"
    at = _run({"sel": ["corridor:zangezur", "corridor:btc"]})
    assert at.selectbox(key=keys.SEL_CORRIDOR).value is None
