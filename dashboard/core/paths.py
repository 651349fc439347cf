"""Well-known locations inside the repository (overridable by environment variables)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[2]


def seeds_dir() -> Path:
    """Return the corpus folder (``ATLAS_SEEDS_DIR`` or ``<repo>/seeds``).

    Returns
    -------
    Path
        Folder holding the article files and ``sources.csv``.
    """
    return Path(os.environ.get("ATLAS_SEEDS_DIR", REPO_ROOT / "seeds"))


def geodata_dir() -> Path:
    """Return the geodata folder (``ATLAS_GEODATA_DIR`` or ``<repo>/geodata``).

    Returns
    -------
    Path
        Folder holding ``corridors/``, ``basemap/`` and ``gazetteer.csv``.
    """
    return Path(os.environ.get("ATLAS_GEODATA_DIR", REPO_ROOT / "geodata"))


def cache_dir() -> Path:
    """Return the folder for derived, rebuildable artefacts (``ATLAS_CACHE_DIR``).

    Returns
    -------
    Path
        Defaults to ``<repo>/.cache``; created on demand by the writers.
    """
    return Path(os.environ.get("ATLAS_CACHE_DIR", REPO_ROOT / ".cache"))


def registry_dir() -> Path:
    """Return the folder of reference registries (``ATLAS_REGISTRY_DIR`` or ``<repo>/registry``).

    Returns
    -------
    Path
        Folder holding ``outlets.csv``.
    """
    return Path(os.environ.get("ATLAS_REGISTRY_DIR", REPO_ROOT / "registry"))


def outlets_file() -> Path:
    """Return the outlet registry file, ``registry_dir()/outlets.csv``.

    Returns
    -------
    Path
        CSV of outlets (:mod:`dashboard.core.corpus.outlets`).
    """
    return registry_dir() / "outlets.csv"
