"""Command-line interface: ``python -m dashboard <verb> ...``.

Each verb lives in its own module in this package and exposes

* ``HELP: str`` -- one line shown in ``python -m dashboard --help``;
* ``add_arguments(parser: argparse.ArgumentParser) -> None``;
* ``run(args: argparse.Namespace) -> int`` -- the process exit code.

Verbs are discovered from the package, so adding a verb is adding a module. When the
command line names a verb, only that verb's module is imported (start-up pays for the
libraries of one verb, not of all); the full list is built for help and unknown verbs.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence


def verbs() -> list[str]:
    """Return the names of every verb module, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the top-level parser with one sub-command per verb module.

    Parameters
    ----------
    only
        A verb name: register (and import) just that verb; every verb when ``None``.

    Returns
    -------
    argparse.ArgumentParser
        Parser whose sub-commands set ``args.verb``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="South Caucasus Corridors Atlas: build, inspect and export the evidence map.",
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name in [only] if only else verbs():
        module = importlib.import_module(f"{__name__}.{name}")
        verb_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(verb_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when ``None``.

    Returns
    -------
    int
        Exit code of the verb.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = argv[0] if argv and argv[0] in verbs() else None
    args = build_parser(verb).parse_args(argv)
    module = importlib.import_module(f"{__name__}.{args.verb}")
    return int(module.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
