"""``python -m dashboard outlets``: print the outlet registry as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.corpus.outlets import RegistryError, load_registry, registry_csv

HELP = "Print the outlet registry (names, domains, country, type, language, basis) as CSV."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--registry`` (defaults to the repository's registry/outlets.csv)."""
    parser.add_argument("--registry", type=Path, default=None,
                        help="outlet registry CSV (default: registry/outlets.csv)")


def run(args: argparse.Namespace) -> int:
    """Print the checked registry; 1 with a message naming the problem when it is bad."""
    try:
        registry = load_registry(args.registry)
    except RegistryError as exc:
        print(f"outlets: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(registry_csv(registry))
    return 0
