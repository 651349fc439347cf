"""Score the parser on both halves of the dev set (per mention type, corridor bases).

Usage::

    python scripts/eval_devset.py [--cache FOLDER] [--set devset|news]

``--cache`` (or the environment variable ``ATLAS_DEVSET_CACHE``) is a folder holding the
copyrighted texts named in the gold files; without it only the committed, openly licensed
texts are scored and the missing ones are listed. ``--errors`` lists the errors of the dev
half only: the locked half is reported as aggregate figures, never inspected. ``--set news``
scores the news set (``tests/data/newsset``), whose gold annotates corridor sentences only: its
report gives the corridor figures alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.core.evidence.index import make_parser  # noqa: E402
from dashboard.core.parse.devset import materialise  # noqa: E402
from dashboard.core.parse.evaluate import evaluate  # noqa: E402

SETS = {"devset": REPO / "tests" / "data" / "devset", "news": REPO / "tests" / "data" / "newsset"}
CORRIDOR_KEYS = (
    "corridors", "corridors_micro", "corridors_named_described", "corridors_recall_by_basis"
)


def main(argv: list[str] | None = None) -> int:
    """Print one JSON report per half."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=os.environ.get("ATLAS_DEVSET_CACHE"))
    ap.add_argument("--half", choices=("dev", "locked", "both"), default="both")
    ap.add_argument("--errors", action="store_true", help="list errors (dev half only)")
    ap.add_argument("--set", choices=tuple(SETS), default="devset", help="which blind set")
    args = ap.parse_args(argv)
    root = SETS[args.set]
    halves = ("dev", "locked") if args.half == "both" else (args.half,)
    folders = [root / "texts", *([args.cache] if args.cache else [])]
    parser = make_parser()
    for half in halves:
        with tempfile.TemporaryDirectory() as tmp:
            gold, missing = materialise(root / f"gold_{half}.json", folders, Path(tmp))
            report = evaluate(gold, Path(tmp), parser)
            scores = report.as_dict()
            errors = report.errors
            if args.set == "news":  # corridor sentences only: no place was annotated
                scores = {k: scores[k] for k in CORRIDOR_KEYS}
                errors = [e for e in errors if e["type"].startswith("corridor")]
            out = {"set": args.set, "half": half, "missing": missing, **scores}
            if args.errors and half == "dev":
                out["errors"] = errors
            print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
