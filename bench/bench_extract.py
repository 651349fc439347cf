"""Throughput of ``extract`` (corpus -> JSON lines) on the seeds and a 10,000-document corpus.

Usage::

    python bench/bench_extract.py [--docs 10000] [--seed 7] [--spacy]

The large corpus is generated from the seed articles: every synthetic document is a random
selection of seed paragraphs (8-20 of them) in random order, so vocabulary, toponym density
and corridor wording match the seeds. Everything runs in one process on one core.
Reported: MB/s (UTF-8 bytes of input), words/s (whitespace tokens), documents/s and peak
resident memory. With ``--spacy`` the same texts are also run through spaCy's blank English
tokenizer and, if installed, ``en_core_web_sm`` NER (on a sample) for comparison.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.cli.extract import document_lines  # noqa: E402
from dashboard.cli.extract import make_extract_parser as make_parser  # noqa: E402
from dashboard.core.corpus.loader import document_from_text, load_corpus  # noqa: E402


def synthetic_corpus(seed_texts: list[str], n_docs: int, seed: int) -> list[str]:
    """Generate ``n_docs`` documents from random seed paragraphs."""
    rng = random.Random(seed)
    paragraphs = [p for t in seed_texts for p in t.split("\n") if len(p.split()) > 3]
    return ["\n".join(rng.sample(paragraphs, rng.randint(8, 20))) for _ in range(n_docs)]


def run_extract(texts: list[str], parser) -> tuple[float, float, int]:
    """Process texts like ``extract`` does (JSON lines written to the null device).

    Returns wall seconds, CPU seconds of this process and the number of JSON lines.
    """
    out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    lines = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for i, text in enumerate(texts):
        doc = document_from_text(text, f"doc{i:05d}.txt")
        for line in document_lines(doc, parser):
            out.write(line)
            out.write("\n")
            lines += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    out.close()
    return elapsed, cpu, lines


def report(label: str, texts: list[str], seconds: float, cpu: float, lines: int) -> dict:
    """Print and return throughput figures (wall clock and per CPU second)."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    words = sum(len(t.split()) for t in texts)
    row = {
        "corpus": label,
        "docs": len(texts),
        "MB": round(mb, 2),
        "words": words,
        "seconds": round(seconds, 2),
        "MB/s": round(mb / seconds, 2),
        "words/s": round(words / seconds),
        "docs/s": round(len(texts) / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "MB/cpu_s": round(mb / cpu, 2),
        "words/cpu_s": round(words / cpu),
        "json_lines": lines,
    }
    print(json.dumps(row))
    return row


def bench_spacy(texts: list[str]) -> None:
    """Compare with spaCy's blank English tokenizer and, if installed, en_core_web_sm."""
    try:
        import spacy
    except ImportError:
        print(json.dumps({"spacy": "not installed"}))
        return
    words = sum(len(t.split()) for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for doc in nlp.tokenizer.pipe(texts, batch_size=64):
        len(doc)
    sec = time.perf_counter() - start
    print(
        json.dumps(
            {
                "spacy": f"{spacy.__version__} blank en tokenizer",
                "MB/s": round(mb / sec, 2),
                "words/s": round(words / sec),
            }
        )
    )
    try:
        ner = spacy.load(
            "en_core_web_sm", disable=["lemmatizer", "parser", "tagger", "attribute_ruler"]
        )
    except OSError:
        print(json.dumps({"spacy_ner": "en_core_web_sm not installed"}))
        return
    sample = texts[:200]
    sw = sum(len(t.split()) for t in sample)
    smb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    start = time.perf_counter()
    for doc in ner.pipe(sample, batch_size=32):
        len(doc.ents)
    sec = time.perf_counter() - start
    print(
        json.dumps(
            {
                "spacy_ner": "en_core_web_sm (tok2vec+ner)",
                "docs": len(sample),
                "MB/s": round(smb / sec, 3),
                "words/s": round(sw / sec),
            }
        )
    )


def main() -> int:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--spacy", action="store_true", help="also time spaCy for comparison")
    args = ap.parse_args()
    start = time.perf_counter()
    parser = make_parser()
    gc.freeze()  # as the extract CLI does
    print(json.dumps({"parser_build_seconds": round(time.perf_counter() - start, 2)}))
    seeds = [d.text for d in load_corpus(REPO / "seeds")]
    run_extract(seeds, parser)  # warm-up (caches, allocator)
    sec, cpu, lines = run_extract(seeds * 20, parser)  # 20 passes: measurable timing
    report("seeds x20", seeds * 20, sec, cpu, lines)
    big = synthetic_corpus(seeds, args.docs, args.seed)
    sec, cpu, lines = run_extract(big, parser)
    report(f"synthetic {args.docs}", big, sec, cpu, lines)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_MB": round(peak_mb, 1)}))
    if args.spacy:
        bench_spacy(big)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
