"""`star-rehearsal install-desktop-entry [--uninstall]` against a temporary XDG_DATA_HOME."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from star_rehearsal import __version__
from star_rehearsal.core import desktop_entry as de

ROOT = Path(__file__).resolve().parents[2]


def cli(data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, "-m", "star_rehearsal", *args], capture_output=True,
                          text=True, timeout=60, env=env)  # fmt: skip


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_install_writes_a_valid_entry_and_the_icon(tmp_path: Path) -> None:
    out = cli(tmp_path, "install-desktop-entry")
    assert out.returncode == 0, out.stderr
    entry = tmp_path / "applications" / "star-rehearsal.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "star-rehearsal.svg"
    assert set(files_under(tmp_path)) == {
        str(entry.relative_to(tmp_path)),
        str(icon.relative_to(tmp_path)),
    }
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()
    keys = entry_keys(entry)
    assert keys["Type"] == "Application" and keys["Name"] == "STAR Rehearsal"
    assert keys["Icon"] == "star-rehearsal" and keys["Terminal"] == "false"
    assert "--deck" not in keys["Exec"], "the menu opens the deck the user had open last"
    assert f"wrote {entry}" in out.stdout and "--uninstall" in out.stdout


def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip(
            "desktop-file-validate is missing (scripts/setup.sh dev installs desktop-file-utils)"
        )
    assert cli(tmp_path, "install-desktop-entry").returncode == 0
    out = subprocess.run([validate, str(tmp_path / "applications" / "star-rehearsal.desktop")],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_the_entry_starts_this_installation(tmp_path: Path) -> None:
    """Exec runs the same star-rehearsal (here with --version appended instead of the window)."""
    assert cli(tmp_path, "install-desktop-entry").returncode == 0
    keys = entry_keys(tmp_path / "applications" / "star-rehearsal.desktop")
    argv = shlex.split(keys["Exec"].replace("\\\\", "\\"))
    assert Path(argv[0]).is_absolute() and os.access(argv[0], os.X_OK)
    out = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"star-rehearsal {__version__}"
    assert de.installed_program(tmp_path) == Path(argv[0])


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path) -> None:
    apps = tmp_path / "applications"
    apps.mkdir()
    (apps / "other-app.desktop").write_text("[Desktop Entry]\nType=Application\nName=Other\n")
    icons = tmp_path / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True)
    (icons / "other-app.svg").write_text("<svg/>")
    before = files_under(tmp_path)
    assert cli(tmp_path, "install-desktop-entry").returncode == 0
    assert cli(tmp_path, "install-desktop-entry").returncode == 0  # again: refreshes, no copies
    assert len(files_under(tmp_path)) == len(before) + 2
    out = cli(tmp_path, "install-desktop-entry", "--uninstall")
    assert out.returncode == 0, out.stderr
    assert files_under(tmp_path) == before
    assert out.stdout.count("removed ") == 2
    again = cli(tmp_path, "install-desktop-entry", "--uninstall")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_a_users_own_entry_is_never_overwritten_or_removed(tmp_path: Path) -> None:
    entry = tmp_path / "applications" / "star-rehearsal.desktop"
    entry.parent.mkdir(parents=True)
    mine = "[Desktop Entry]\nType=Application\nName=My own launcher\nExec=/opt/mine\n"
    entry.write_text(mine)
    out = cli(tmp_path, "install-desktop-entry")
    assert out.returncode == 1
    assert "was not written by STAR Rehearsal" in out.stderr and "move it away" in out.stderr
    out = cli(tmp_path, "install-desktop-entry", "--uninstall")
    assert out.returncode == 0 and "left alone" in out.stderr
    assert entry.read_text() == mine


def test_exec_quoting_follows_the_spec() -> None:
    value = de.exec_value(["/home/a b/venv/bin/star-rehearsal", "100%", 'say "hi"'])
    assert value == '"/home/a b/venv/bin/star-rehearsal" 100%% "say \\\\"hi\\\\""'
    assert de.exec_value(["/usr/bin/star-rehearsal"]) == "/usr/bin/star-rehearsal"


def test_relative_xdg_data_home_is_ignored(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": "relative/path", "HOME": str(tmp_path)}
    assert de.data_home(env) == tmp_path / ".local" / "share"
    assert de.data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/nowhere"}) == tmp_path
