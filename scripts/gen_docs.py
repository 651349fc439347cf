"""Write the generated parts of README.md and docs/ from the code, or check they are current.

Usage::

    .venv/bin/python scripts/gen_docs.py          # rewrite the generated blocks in place
    .venv/bin/python scripts/gen_docs.py --check  # exit 1 and name each stale block

A generated block sits between ``<!-- gen:NAME -->`` and ``<!-- /gen:NAME -->``:

* ``cli``: one row per verb of ``python -m dashboard`` (its module's ``HELP``);
* ``settings-app`` / ``settings-dev``: the ``ATLAS_*`` variables of
  ``dashboard/core/settings.py``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.cli import verbs  # noqa: E402
from dashboard.core.settings import SETTINGS  # noqa: E402

FILES = ("README.md", "docs/configuration.md")
BLOCK = re.compile(r"(<!-- gen:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /gen:(?P=name) -->)",
                   re.DOTALL)


def cli_table() -> str:
    """Return the Markdown table of CLI verbs."""
    rows = ["| Command | What it does |", "|---|---|"]
    for verb in verbs():
        module = importlib.import_module(f"dashboard.cli.{verb}")
        rows.append(f"| `python -m dashboard {verb}` | {module.HELP} |")
    return "\n".join(rows) + "\n"


def settings_table(audience: str) -> str:
    """Return the Markdown table of the variables for one audience ("app" or "dev")."""
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    rows += [f"| `{s.name}` | {s.default} | {s.meaning} |"
             for s in SETTINGS if s.audience == audience]
    return "\n".join(rows) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli_table,
    "settings-app": lambda: settings_table("app"),
    "settings-dev": lambda: settings_table("dev"),
}


def render(text: str) -> tuple[str, list[str]]:
    """Return the text with every known block regenerated, and the names of unknown blocks."""
    unknown: list[str] = []

    def _one(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in GENERATORS:
            unknown.append(name)
            return match[0]
        return match[1] + GENERATORS[name]() + match[4]

    return BLOCK.sub(_one, text), unknown


def stale_files() -> list[str]:
    """Return a line per file whose generated blocks are not current (or unknown)."""
    problems = []
    for rel in FILES:
        path = REPO / rel
        text = path.read_text(encoding="utf-8")
        new, unknown = render(text)
        if unknown:
            problems.append(f"{rel}: unknown generated block(s) {', '.join(unknown)}")
        if new != text:
            problems.append(f"{rel}: generated blocks are stale; run scripts/gen_docs.py")
    return problems


def main() -> int:
    """Rewrite or check the generated blocks; the exit code says whether they were current."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check; exit 1 when stale")
    args = ap.parse_args()
    if args.check:
        problems = stale_files()
        print("\n".join(problems) or "generated docs are current")
        return 1 if problems else 0
    for rel in FILES:
        path = REPO / rel
        new, _ = render(path.read_text(encoding="utf-8"))
        path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
