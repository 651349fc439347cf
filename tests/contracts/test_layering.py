"""The layers of ``dashboard`` import one way, and no module imports itself round a loop.

The rules are import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``);
this test runs ``lint-imports`` so that CI enforces them, checks that the list of core
modules a page must reach through ui is complete, and that the contracts do catch a bad
import.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = [str(Path(sys.executable).with_name("lint-imports"))]  # import-linter's command


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*LINT, "--no-cache", "--no-logo"], cwd=root, capture_output=True,
                          text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          timeout=300)


def _contract(contract_id: str) -> dict:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"]
                if c["id"] == contract_id)


def test_the_import_contracts_are_kept():
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_core_module_wrapped_by_a_ui_module_is_forbidden_to_pages():
    """A page reaches ``core.P.X`` through ``ui.P`` or ``ui.X`` whenever one exists."""
    ui = {p.stem for p in (REPO / "dashboard" / "ui").iterdir()
          if p.suffix == ".py" or (p / "__init__.py").exists()}
    forbidden = set(_contract("pages-through-ui")["forbidden_modules"])
    for path in sorted((REPO / "dashboard" / "core").rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        name = ".".join(parts)
        if any(part in ui for part in parts[2:]):
            assert any(name == f or name.startswith(f + ".") for f in forbidden), name


BAD = [  # (module, import added inside a function, the contract that must break)
    ("core/text/normalise.py", "import streamlit", "core is pure logic"),
    ("cli/build.py", "from dashboard.ui import data", "cli imports no ui"),
    ("views/overview.py", "from dashboard.core.evidence import compare",
     "a page goes through the ui module"),
    ("core/paths.py", "from dashboard.core.corpus import store", "no import cycle"),
]


@pytest.mark.slow  # lint-imports on a planted copy
def test_the_contracts_catch_bad_imports(tmp_path):
    shutil.copytree(REPO / "dashboard", tmp_path / "dashboard",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line, _ in BAD:
        target = tmp_path / "dashboard" / module
        target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _bad():\n    {line}\n",
                          encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if " BROKEN" in line]
    assert len(broken) == len(BAD), done.stdout
    for _, _, contract in BAD:
        assert any(line.startswith(contract) for line in broken), (contract, done.stdout)
