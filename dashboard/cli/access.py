"""``python -m dashboard access``: say where the app will serve and who may edit the corpus."""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path

from dashboard.core.corpus import roles

HELP = "Say who may edit the corpus when the app serves at an address (scripts/app.sh uses it)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``access``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("--address", default=None,
                        help="server.address the app binds (default: unset, every interface)")
    parser.add_argument("--secrets", type=Path, action="append", default=None,
                        help="secrets.toml to read (default: .streamlit/secrets.toml here "
                        "and in the home folder, as Streamlit does)")


def read_secrets(paths: list[Path]) -> dict[str, object]:
    """Merge the TOML files that exist (later ones win, as Streamlit merges them)."""
    merged: dict[str, object] = {}
    for path in paths:
        try:
            merged |= tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return merged


def run(args: argparse.Namespace) -> int:
    """Print the start-up notice of :func:`dashboard.core.corpus.roles.startup_notice`.

    Parameters
    ----------
    args
        Parsed arguments.

    Returns
    -------
    int
        Always 0.
    """
    paths = args.secrets or [Path.home() / ".streamlit" / "secrets.toml",
                             Path.cwd() / ".streamlit" / "secrets.toml"]
    settings = roles.settings_from(os.environ, read_secrets(paths))
    print(roles.startup_notice(args.address, settings))
    return 0
