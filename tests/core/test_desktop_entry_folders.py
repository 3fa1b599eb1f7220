"""`install-desktop-entry --uninstall` removes the folders the install created once they are
empty again — and never a folder that was there before or that holds something else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def cli(data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, "-m", "star_rehearsal", *args], capture_output=True,
                          text=True, timeout=60, env=env)  # fmt: skip


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_uninstall_removes_the_empty_folders_install_made(tmp_path: Path) -> None:
    home = tmp_path / "share"  # does not exist yet: install makes it and everything below
    assert cli(home, "install-desktop-entry").returncode == 0
    assert cli(home, "install-desktop-entry").returncode == 0  # a refresh keeps the record
    out = cli(home, "install-desktop-entry", "--uninstall")
    assert out.returncode == 0, out.stderr
    assert not home.exists(), tree(home)
    assert f"removed {home / 'icons' / 'hicolor'}" in out.stdout


def test_folders_that_were_there_or_are_in_use_stay(tmp_path: Path) -> None:
    home = tmp_path / "share"
    (home / "icons").mkdir(parents=True)  # there before: stays even when empty
    assert cli(home, "install-desktop-entry").returncode == 0
    other = home / "applications" / "other-app.desktop"  # another program's, added later
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\n")
    assert cli(home, "install-desktop-entry", "--uninstall").returncode == 0
    assert tree(home) == ["applications", "applications/other-app.desktop", "icons"]
