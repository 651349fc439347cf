"""Fail the test run when the browser tests did not actually run.

Usage: ``python scripts/check_junit.py artifacts/junit.xml``.  Exits 1 when no test
ran at all, or when no test under ``tests/browser`` passed (all skipped or missing).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    """Check the JUnit report at ``path``; return the exit code."""
    cases = ET.parse(path).getroot().iter("testcase")
    ran = browser_passed = 0
    for case in cases:
        outcome = {child.tag for child in case}
        if "skipped" in outcome:
            continue
        ran += 1
        if case.get("classname", "").startswith("tests.browser") and not outcome & {
            "failure", "error"
        }:
            browser_passed += 1
    print(f"junit: {ran} tests ran, {browser_passed} browser tests passed")
    if ran == 0:
        print("FAIL: no test ran", file=sys.stderr)
        return 1
    if browser_passed == 0:
        print("FAIL: the browser tests did not run (skipped or missing)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
