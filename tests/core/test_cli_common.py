"""The CLI's shared helper: messages under the command's name, and the settings file and data
folder found in the app's order (--data-dir, then the folder chosen in Settings, then the
default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from star_rehearsal.cli import build_parser, main
from star_rehearsal.cli.common import app_data_dir, app_settings, fail
from star_rehearsal.core.paths import default_data_dir


def test_fail_names_the_command_on_stderr_and_returns_the_code(capsys) -> None:  # type: ignore[no-untyped-def]
    assert fail("takes", "cannot open x: y", 2) == 2
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "star-rehearsal takes: cannot open x: y\n")


def test_settings_and_data_folder_follow_the_apps_order(tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.json"
    chosen = tmp_path / "chosen"
    settings_file.write_text(json.dumps({"data_dir": str(chosen)}), encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(["--settings", str(settings_file), "doctor"])
    path, settings = app_settings(args)
    assert path == settings_file and settings.data_dir == str(chosen)
    assert app_data_dir(args, settings) == chosen
    given = parser.parse_args(["--settings", str(settings_file), "doctor", "--data-dir", "x"])
    assert app_data_dir(given, settings) == Path("x")
    before = parser.parse_args(["--data-dir", "y", "--settings", str(settings_file), "doctor"])
    assert app_data_dir(before, settings) == Path("y")  # the global option is kept too
    empty = tmp_path / "empty.json"
    _, defaults = app_settings(parser.parse_args(["--settings", str(empty), "doctor"]))
    assert app_data_dir(parser.parse_args(["doctor"]), defaults) == default_data_dir()


def test_the_desktop_entry_command_fails_with_its_name_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    assert main(["install-desktop-entry"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"star-rehearsal install-desktop-entry: cannot write to {blocked}")
    assert "Check that folder's permissions (or set XDG_DATA_HOME)" in err
