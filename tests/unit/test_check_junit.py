"""scripts/check_junit.py fails the run when a tier did not run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import check_junit  # noqa: E402


def _report(folder: Path, tier: str, *cases: tuple[str, str]) -> str:
    body = "".join(f'<testcase classname="{c}" name="t{i}">{o}</testcase>'
                   for i, (c, o) in enumerate(cases))
    path = folder / f"junit-{tier}.xml"
    path.write_text(f'<testsuites><testsuite name="pytest">{body}</testsuite></testsuites>',
                    encoding="utf-8")
    return str(path)


def test_every_tier_ran_passes(tmp_path):
    fast = _report(tmp_path, "fast", ("tests.unit.test_a", ""), ("tests.unit.test_b", ""))
    browser = _report(tmp_path, "browser", ("tests.browser.test_c", ""))
    assert check_junit.main([fast, browser]) == 0


def test_a_missing_empty_or_skipped_tier_fails(tmp_path, capsys):
    fast = _report(tmp_path, "fast", ("tests.unit.test_a", ""))
    assert check_junit.main([fast, str(tmp_path / "junit-slow.xml")]) == 1
    assert "slow tier left no readable report" in capsys.readouterr().err
    skipped = _report(tmp_path, "faults", ("tests.faults.test_x", "<skipped/>"))
    assert check_junit.main([fast, skipped]) == 1
    assert "faults tier ran no test" in capsys.readouterr().err
    assert check_junit.main([fast, _report(tmp_path, "slow")]) == 1
    assert check_junit.main([]) == 1


def test_a_browser_tier_without_a_passing_browser_test_fails(tmp_path, capsys):
    failed = _report(tmp_path, "browser", ("tests.browser.test_c", "<failure/>"))
    assert check_junit.main([failed]) == 1
    assert "browser tests did not run" in capsys.readouterr().err
