"""Where things live by default. Functions, not constants: nothing is read at import time."""

from __future__ import annotations

import os
from pathlib import Path

SAMPLE_DECK_NAME = "sample-deck.md"


def project_root() -> Path | None:
    """The source checkout holding this package (desktop/star_rehearsal), if we run from one."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").is_file() and (root / "stories").is_dir() else None


def sample_deck_path() -> Path:
    root = project_root()
    if root is not None:
        return root / "stories" / SAMPLE_DECK_NAME
    return Path(__file__).resolve().parents[1] / "stories" / SAMPLE_DECK_NAME


def resources_dir() -> Path:
    """Icons and style sheets: `resources/` in a checkout, inside the package when installed."""
    root = project_root()
    return root / "resources" if root else Path(__file__).resolve().parents[1] / "resources"


def default_data_dir(environ: dict[str, str] | None = None) -> Path:
    """`recordings/` in a checkout; otherwise the XDG data folder."""
    root = project_root()
    if root is not None:
        return root / "recordings"
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "star-rehearsal"


def default_settings_path(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "star-rehearsal" / "settings.json"
