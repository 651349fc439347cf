"""Every ``st.session_state`` key is defined in ``dashboard.ui.session`` and nowhere else.

A key is flagged when, outside ``ui/session.py``, ``st.session_state`` is indexed, read
(``get``/``pop``/``setdefault``), written or tested (``in``) with a string literal, or
with a name the same module binds to a string literal at its top level.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"
SESSION = PACKAGE / "ui" / "session.py"


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def _key_expressions(tree: ast.AST) -> list[ast.expr]:
    """Expressions used as session-state keys in ``tree``."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_session_state(node.value):
            found.append(node.slice)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and _is_session_state(node.func.value) and node.args):
            if node.func.attr in ("get", "pop", "setdefault"):
                found.append(node.args[0])
            elif node.func.attr == "update" and isinstance(node.args[0], ast.Dict):
                found.extend(k for k in node.args[0].keys if k is not None)
        elif (isinstance(node, ast.Compare) and len(node.comparators) == 1
              and isinstance(node.ops[0], ast.In | ast.NotIn)
              and _is_session_state(node.comparators[0])):
            found.append(node.left)
    return found


def _string_constants(tree: ast.Module) -> set[str]:
    """Names bound to a string literal at the top level of a module."""
    names = set()
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def local_keys(source: str) -> list[str]:
    """Session keys in ``source`` written as a literal or a module-level string constant."""
    tree = ast.parse(source)
    constants = _string_constants(tree)
    bad = []
    for key in _key_expressions(tree):
        if isinstance(key, ast.Constant | ast.JoinedStr):
            bad.append(ast.unparse(key))
        elif isinstance(key, ast.Name) and key.id in constants:
            bad.append(key.id)
    return bad


def test_session_keys_live_in_ui_session():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != SESSION:
            bad = local_keys(path.read_text(encoding="utf-8"))
            if bad:
                found[str(path.relative_to(PACKAGE))] = bad
    assert found == {}


def test_the_scan_finds_keys_written_elsewhere():
    planted = (
        'import streamlit as st\nKEY = "mine"\n'
        'st.session_state["a"] = 1\nst.session_state.get(KEY)\n'
        'if "b" in st.session_state: pass\nst.session_state.update({"c": 2})\n'
        'st.session_state.pop(f"d{1}", None)\n'
        'from dashboard.ui import session\nst.session_state[session.VIEW] = 0\n'
    )
    assert local_keys(planted) == ["'a'", "KEY", "'b'", "'c'", "f'd{1}'"]
