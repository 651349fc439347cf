"""The compiled toponym parser, kept on disk between runs of the command line.

Building :class:`~dashboard.core.parse.geoparse.GeoParser` (reading ``gazetteer.csv`` and compiling
the matcher of every alias spelling) is most of ``extract``'s start-up. The built parser is
pickled under ``cache_dir()/geoparser/<key>.pickle``; the key hashes the gazetteer file, the
code that shapes a compiled parser (``geoparse.py``, ``gazetteer.py``, ``text.py``) and the
Python and pyahocorasick versions, so an edited gazetteer or parser is rebuilt, never stale.
A missing, unreadable or corrupt cache file is rebuilt (and parsers of other keys removed); a
cache folder that cannot be written only costs the build. The cache is the application's own
folder (like the evidence index): only files this module wrote are read back.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from dashboard.core.parse import gazetteer, geoparse
from dashboard.core.parse.gazetteer import checked_gazetteer_path, load_gazetteer
from dashboard.core.parse.geoparse import GeoParser
from dashboard.core.paths import cache_dir, geodata_dir
from dashboard.core.text import normalise as text

_CODE = (geoparse, gazetteer, text)  # modules whose code shapes a compiled parser


def parser_key(geodata: Path) -> str:
    """Hash of everything a compiled parser depends on (see the module docstring).

    Raises
    ------
    GazetteerError
        If the gazetteer file is missing.
    """
    h = hashlib.sha256(checked_gazetteer_path(geodata).read_bytes())
    for module in _CODE:
        h.update(Path(module.__file__).read_bytes())
    h.update(f"{sys.version_info[:3]} {metadata.version('pyahocorasick')}".encode())
    return h.hexdigest()[:32]


def _read(path: Path) -> GeoParser | None:
    try:
        with path.open("rb") as fh:
            parser = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return parser if isinstance(parser, GeoParser) else None


def _write(parser: GeoParser, path: Path) -> None:
    """Write atomically (temporary file, then rename) and drop parsers of other keys.

    A failure only skips the cache.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(parser, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return


def load_geoparser(geodata: Path | None = None, cache: Path | None = None) -> GeoParser:
    """Return the gazetteer's parser: cached when current, else built and cached.

    Parameters
    ----------
    geodata
        Geodata folder; :func:`dashboard.core.paths.geodata_dir` when ``None``.
    cache
        Cache folder; :func:`dashboard.core.paths.cache_dir` when ``None``.

    Returns
    -------
    GeoParser
        Equal in behaviour to ``GeoParser(load_gazetteer(geodata))``.
    """
    geodata = Path(geodata or geodata_dir())
    path = Path(cache or cache_dir()) / "geoparser" / f"{parser_key(geodata)}.pickle"
    parser = _read(path)
    if parser is None:
        parser = GeoParser(load_gazetteer(geodata))
        _write(parser, path)
    return parser
