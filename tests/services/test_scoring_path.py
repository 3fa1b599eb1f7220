"""One path from an answer to its score: `score` judges with the user's settings when given
--settings or --data-dir (band, pace), keeps its defaults and its flags otherwise, and --min/--max
still win. Real scorer, real settings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from star_rehearsal.cli import main
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.services.scoring import Judging

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
SAID = "I declared a SEV one and rolled back the config push within twelve minutes."


def score_json(capsys: pytest.CaptureFixture[str], deck: Path, text: Path, *extra: str) -> dict:
    code = main([*(e for e in extra[:2] if e), "score", "--deck", str(deck), "--story", OUTAGE,
                 "--transcript", str(text), "--json", *extra[2:]])  # fmt: skip
    assert code == 0
    return dict(json.loads(capsys.readouterr().out))


def test_score_honours_the_users_settings_only_when_told_whose(
    tmp_path: Path, sample_deck_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "answer.txt"
    text.write_text(SAID, encoding="utf-8")
    settings = tmp_path / "settings.json"
    save_settings(Settings(target_min_s=30, target_max_s=45, pace_min_wpm=100,
                           pace_max_wpm=130), settings)  # fmt: skip
    plain = score_json(capsys, sample_deck_path, text, "", "")
    assert plain["length"]["target"] == [60.0, 90.0] and plain["pace"]["range"] == [120.0, 160.0]
    mine = score_json(capsys, sample_deck_path, text, "--settings", str(settings))
    assert mine["length"]["target"] == [30.0, 45.0] and mine["pace"]["range"] == [100.0, 130.0]
    after = score_json(capsys, sample_deck_path, text, "", "", "--settings", str(settings))
    assert after["length"] == mine["length"] and after["pace"] == mine["pace"]
    wins = score_json(capsys, sample_deck_path, text, "--settings", str(settings), "--max", "50")
    assert wins["length"]["target"] == [30.0, 50.0]


def test_judging_reads_band_pace_engine_and_model_from_the_settings() -> None:
    s = Settings(engine="faster-whisper", model="base.en", target_min_s=20, target_max_s=40,
                 pace_min_wpm=90, pace_max_wpm=150)  # fmt: skip
    assert Judging.of(s) == Judging((20, 40), (90, 150), "faster-whisper", "base.en")
