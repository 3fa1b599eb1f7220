import json
from pathlib import Path

from star_rehearsal.core.settings import Settings, load_settings, save_settings


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(input_device="virtmic", target_min_s=45, target_max_s=75, last_deck="/x.md")
    save_settings(s, path)
    assert load_settings(path) == s
    assert not list(path.parent.glob(".settings-*")), "temporary file left behind"


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.json") == Settings()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert load_settings(bad) == Settings()


def test_unknown_keys_and_wrong_types_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"future_option": 1, "engine": 5, "pace_min_wpm": 100}))
    s = load_settings(path)
    assert s.engine == "faster-whisper"
    assert s.pace_min_wpm == 100.0


def test_inverted_band_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"target_min_s": 90, "target_max_s": 60, "model": "base.en"}))
    s = load_settings(path)
    assert s.target_band == (60.0, 90.0)
    assert s.model == "base.en"
    assert Settings(target_min_s=90, target_max_s=60).validate()
