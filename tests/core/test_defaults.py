"""Defaults are written out once, in core/defaults.py, and everything else takes them from it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from star_rehearsal.cli import build_parser
from star_rehearsal.core import defaults
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.settings import Settings
from star_rehearsal.core.transcription import create_engine

PACKAGE = Path(__file__).resolve().parents[2] / "desktop" / "star_rehearsal"
# A band or the accent written out again anywhere but core/defaults.py.
LITERALS = re.compile(r"#2e9d62|#3a6fc4|\b60(\.0)?,\s*90(\.0)?\b|\b120(\.0)?,\s*160(\.0)?\b", re.I)


def test_the_defaults_are_written_out_only_in_core_defaults() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "defaults.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERALS.search(line)
    ]
    assert found == []


def test_settings_scoring_and_cli_take_their_defaults_from_core_defaults() -> None:
    settings = Settings()
    assert settings.target_band == defaults.TARGET_BAND_S
    assert settings.pace_range == defaults.PACE_BAND_WPM
    assert (settings.engine, settings.model) == (defaults.ENGINE, defaults.MODEL)
    params = inspect.signature(score_answer).parameters
    assert params["target_band"].default == defaults.TARGET_BAND_S
    assert params["pace_range"].default == defaults.PACE_BAND_WPM
    engine = inspect.signature(create_engine).parameters
    assert (engine["name"].default, engine["model"].default) == (defaults.ENGINE, defaults.MODEL)
    parser = build_parser()
    score = parser.parse_args(["score", "--deck", "d.md", "--story", "s", "--transcript", "t"])
    assert (score.target_min, score.target_max) == defaults.TARGET_BAND_S
    transcribe = parser.parse_args(["transcribe", "a.wav"])
    assert (transcribe.engine, transcribe.model) == (defaults.ENGINE, defaults.MODEL)
