"""``python -m dashboard evaluate``: score toponyms, resolution and corridor links on gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.core.corpus.corrections import read_corrections
from dashboard.core.corpus.loader import CorpusError
from dashboard.core.evidence.index import make_parser
from dashboard.core.parse.evaluate import GoldError, Report, evaluate
from dashboard.core.parse.gazetteer import GazetteerError
from dashboard.core.paths import seeds_dir

HELP = "Score the geoparser and corridor linking against a gold annotation file."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the options of ``evaluate``.

    Parameters
    ----------
    parser
        The verb's parser.
    """
    parser.add_argument("gold", type=Path, metavar="GOLD.json")
    parser.add_argument("--corpus", type=Path, default=None, help="folder with the gold files")
    parser.add_argument("--geodata", type=Path, default=None, help="geodata folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--errors", action="store_true", help="list every error")


def format_report(report: Report) -> str:
    """Human-readable score table.

    Parameters
    ----------
    report
        Evaluation result.

    Returns
    -------
    str
        The table.
    """
    d = report.as_dict()
    t = d["toponyms"]
    lines = [
        f"{'metric':<28}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}",
        f"{'toponyms':<28}{t['precision']:>8.3f}{t['recall']:>8.3f}{t['f1']:>8.3f}"
        f"{t['tp']:>6}{t['fp']:>6}{t['fn']:>6}",
    ]
    for cid, c in [*d["corridors"].items(), ("corridors (micro)", d["corridors_micro"])]:
        lines.append(
            f"{'corridor ' + cid:<28}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
            f"{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}"
        )
    lines.append(
        f"resolution (161 km / ISO2): {d['resolution']:.3f} of {d['resolution_n']} "
        f"(strict distance only: {d['resolution_strict']:.3f})"
    )
    q = d["review_queue"]
    lines.append(f"review queue: flags {q['flagged']} mentions, {q['flagged_wrong']} of them wrong "
                 f"(of {q['wrong']} wrong predictions)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``evaluate``.

    Parameters
    ----------
    args
        Parsed options.

    Returns
    -------
    int
        0 on success, 2 on bad input.
    """
    try:
        corpus, parser = args.corpus or seeds_dir(), make_parser(args.geodata)
        report = evaluate(args.gold, corpus, parser)
        reviewed = (evaluate(args.gold, corpus, parser, corrections=True)
                    if read_corrections(corpus).rows else None)
    except (GoldError, CorpusError, GazetteerError, OSError) as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        out = report.as_dict()
        if reviewed is not None:
            out["after_corrections"] = reviewed.as_dict()
        print(json.dumps(out, indent=2))
    else:
        print(format_report(report))
        if reviewed is not None:
            print("\nafter the corpus folder's corrections.csv:")
            print(format_report(reviewed))
    if args.errors:
        for err in report.errors:
            print(json.dumps(err, ensure_ascii=False))
    return 0
