"""The documentation says what the code does: generated blocks current, every variable listed,
every link and image of the README present."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from dashboard.core.settings import setting_names

REPO = Path(__file__).resolve().parents[2]
CODE_DIRS = ("dashboard", "scripts", "bench", "tests", ".ci")
# A variable read by code: a quoted name in Python, $NAME / ${NAME} / NAME= in shell.
PY_VAR = re.compile(r"""["'](ATLAS_[A-Z][A-Z0-9_]*)["']""")
SH_VAR = re.compile(r"""\$\{?(ATLAS_[A-Z][A-Z0-9_]*)|\b(ATLAS_[A-Z][A-Z0-9_]*)=""")


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variables_in_code() -> set[str]:
    found: set[str] = set()
    for folder in CODE_DIRS:
        for path in (REPO / folder).rglob("*"):
            if path.name == "settings.py" or not path.is_file() or ".venv" in path.parts:
                continue
            if path.suffix == ".py":
                found.update(PY_VAR.findall(path.read_text(encoding="utf-8")))
            elif path.suffix == ".sh" or path.name == "run":
                for groups in SH_VAR.findall(path.read_text(encoding="utf-8")):
                    found.update(g for g in groups if g)
    return found


def test_generated_blocks_are_current():
    assert _gen_docs().stale_files() == []


def test_every_variable_the_code_reads_is_documented_and_no_other():
    in_code = _variables_in_code()
    assert in_code - setting_names() == set(), "add these to dashboard/core/settings.py"
    assert setting_names() - in_code == set(), "documented but read nowhere"


def test_readme_links_and_images_exist():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?!https?://|#)[^)\s]+)\)", text)
    assert targets, "the README links its docs and screenshots"
    missing = [t for t in targets if not (REPO / t).exists()]
    assert missing == []


def test_readme_is_for_users():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 220, "engineering detail belongs in docs/"
    for heading in ("## Quick start", "## Using the app", "## Briefing exports", "## Command line",
                    "## Configuration", "## Deploy", "## Data sources and licences"):
        assert any(line.startswith(heading) for line in lines), heading
