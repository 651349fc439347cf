"""The dev set: public texts about the region, kept as addresses plus a hash.

``tests/data/devset/gold_dev.json`` (tune on it) and ``gold_locked.json`` (evaluate only)
list each text's address, outlet, licence, SHA-256 and length with its annotation.
Openly licensed texts (Wikipedia, CC BY-SA) are committed in ``tests/data/devset/texts``;
copyrighted ones are not: they are read from a local cache folder (one ``<file>`` per
entry, the exact text whose hash the gold records), and a text whose hash differs is
refused rather than scored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def materialise(gold_path: Path, folders: list[Path], out: Path) -> tuple[Path, list[str]]:
    """Gather the texts of a gold file whose hash matches into ``out``.

    Parameters
    ----------
    gold_path
        ``gold_dev.json`` or ``gold_locked.json``.
    folders
        Where to look for the texts, in order (committed texts, then a local cache).
    out
        Folder to write the verified texts and a gold file restricted to them.

    Returns
    -------
    (Path, list of str)
        The restricted gold file and the names of entries that were missing or whose
        hash did not match.
    """
    doc = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    kept, missing = [], []
    for entry in doc["files"]:
        text = _find(entry, folders)
        if text is None:
            missing.append(entry["file"])
            continue
        (out / entry["file"]).write_text(text, encoding="utf-8", newline="")
        kept.append(entry)
    gold = out / Path(gold_path).name
    gold.write_text(json.dumps({**doc, "files": kept}, ensure_ascii=False), encoding="utf-8")
    return gold, missing


def _find(entry: dict, folders: list[Path]) -> str | None:
    for folder in folders:
        path = Path(folder) / entry["file"]
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == entry["sha256"]:
                return text
    return None
