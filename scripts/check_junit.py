"""Fail the test run when a tier did not run, or its browser tests did not pass.

Usage: ``python scripts/check_junit.py artifacts/junit-fast.xml artifacts/junit-slow.xml ...``
(one JUnit report per tier, named ``junit-<tier>.xml``). Exits 1 when a report is
missing or unreadable, when a tier ran no test (all skipped or none collected), or when
no test under ``tests/browser`` passed in the browser tier.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def tally(path: Path) -> tuple[int, int]:
    """Return ``(tests that ran, browser tests that passed)`` of one JUnit report."""
    ran = browser_passed = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome = {child.tag for child in case}
        if "skipped" in outcome:
            continue
        ran += 1
        if case.get("classname", "").startswith("tests.browser") and not outcome & {
            "failure", "error"
        }:
            browser_passed += 1
    return ran, browser_passed


def main(paths: list[str]) -> int:
    """Check every tier's report; return the exit code."""
    if not paths:
        print("FAIL: no JUnit report given", file=sys.stderr)
        return 1
    status = 0
    for name in paths:
        path = Path(name)
        tier = path.stem.removeprefix("junit-")
        try:
            ran, browser_passed = tally(path)
        except (OSError, ET.ParseError) as exc:
            print(f"FAIL: the {tier} tier left no readable report ({exc})", file=sys.stderr)
            status = 1
            continue
        print(f"junit: {tier} tier: {ran} tests ran, {browser_passed} browser tests passed")
        if ran == 0:
            print(f"FAIL: the {tier} tier ran no test", file=sys.stderr)
            status = 1
        elif tier == "browser" and browser_passed == 0:
            print("FAIL: the browser tests did not run (skipped or missing)", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
