"""Every ``ATLAS_*`` environment variable the project reads, with its default and meaning.

This table is the documentation's source: ``scripts/gen_docs.py`` writes the README's
configuration table from it, and ``tests/contracts/test_docs.py`` fails when code reads a
variable that is not listed here, or when a listed one is read nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default, meaning and who reads it."""

    name: str
    default: str
    meaning: str
    audience: str = "app"  # "app" (users and deployers) or "dev" (tests, benches, scripts)


SETTINGS: tuple[Setting, ...] = (
    Setting("ATLAS_SEEDS_DIR", "`seeds/`", "corpus folder (articles + `sources.csv`)"),
    Setting("ATLAS_GEODATA_DIR", "`geodata/`", "corridors, basemap, gazetteer"),
    Setting("ATLAS_CACHE_DIR", "`.cache/`", "derived, rebuildable evidence index and parser"),
    Setting("ATLAS_STORAGE", "auto", "`local` (corpus folder) or `session` (browser session) "
            "storage of added articles; auto picks `session` on Community Cloud or when the "
            "corpus folder is not writable"),
    Setting("ATLAS_REGISTRY_DIR", "`registry/`", "reference registries (`outlets.csv`)"),
    Setting("ATLAS_ADDRESS", "`127.0.0.1`", "address `scripts/app.sh` serves on "
            "(`--network` means `0.0.0.0`); see docs/deploy.md"),
    Setting("ATLAS_READ_ONLY", "unset", "`1`: everyone is a viewer (public deployments)"),
    Setting("ATLAS_EDITORS", "unset", "who may add, edit, remove and correct: e-mail "
            "addresses, `@domain` or `*`, comma-separated (with login; environment or "
            "`secrets.toml`)"),
    Setting("ATLAS_ADMINS", "unset", "editors who may also download the corpus zip (same "
            "form)"),
    Setting("ATLAS_MAX_UPLOAD_MB", "5", "upload size limit in MB of 1,000,000 bytes"),
    Setting("ATLAS_CHROMIUM", "`/usr/bin/chromium`",
            "browser for the exact-view export and the browser tests"),
    Setting("ATLAS_VENV", "`.venv`", "virtual environment used by `scripts/app.sh` and "
            "`scripts/test.sh`", "dev"),
    Setting("ATLAS_REQUIRE_BROWSER", "unset", "`1`: a missing chromium fails the browser "
            "tests instead of skipping them (set by `scripts/test.sh`)", "dev"),
    Setting("ATLAS_NET_LOG", "unset", "file where the fault suite's child processes log any "
            "connection attempted beyond loopback", "dev"),
    Setting("ATLAS_DEVSET_CACHE", "unset", "folder of the dev set's non-committed passages "
            "(`scripts/eval_devset.py`)", "dev"),
)


def setting_names() -> set[str]:
    """Return the names of every documented variable."""
    return {s.name for s in SETTINGS}
