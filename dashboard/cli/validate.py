"""``python -m dashboard validate``: check all corridor geodata and print a table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.geodata.validate import format_report, validate_geodata

HELP = "Validate corridor geodata (geometry, countries, sources, published lengths)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--geodata`` (defaults to the repository geodata folder)."""
    parser.add_argument(
        "--geodata", type=Path, default=None, help="geodata folder with corridors/ and basemap/"
    )


def run(args: argparse.Namespace) -> int:
    """Run the validation; return 0 when all checks pass, 1 otherwise."""
    report = validate_geodata(args.geodata)
    print(format_report(report))
    if not report.ok:
        print(f"validate: {len(report.errors)} error(s)", file=sys.stderr)
        return 1
    return 0
