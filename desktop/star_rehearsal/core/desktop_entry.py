"""A freedesktop launcher: a `.desktop` file and the app icon in the user's XDG data folder.

The desktop's menu lists every `applications/*.desktop` under $XDG_DATA_HOME and finds icons
by name in `icons/hicolor/`; writing those two files is all it takes to appear there. The
entry is marked so `uninstall` removes only what we wrote and leaves a user's own file alone.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from star_rehearsal.core.paths import resources_dir

APP_ID = "star-rehearsal"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_FILE = f"{APP_ID}.svg"
MARKER_KEY = "X-STAR-Rehearsal-Written-By"
MARKER = f"{MARKER_KEY}=star-rehearsal install-desktop-entry"
PROGRAM_KEY = "X-STAR-Rehearsal-Program"
# The folders install had to create (relative to the data home, ';'-separated): uninstall
# removes those of them that are empty again, and never a folder that was there before.
FOLDERS_KEY = "X-STAR-Rehearsal-Created-Folders"
# Qt uses QCoreApplication.applicationName() as the X11 WM_CLASS class of our windows.
WM_CLASS = "STAR Rehearsal"
# Characters that force quoting of an Exec argument (Desktop Entry Specification, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class EntryPaths:
    desktop_file: Path
    icon_file: Path


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def entry_paths(base: Path) -> EntryPaths:
    return EntryPaths(
        desktop_file=base / "applications" / DESKTOP_FILE,
        icon_file=base / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE,
    )


def bundled_icon() -> Path:
    return resources_dir() / "icons" / "app.svg"


def launcher_argv(executable: str | None = None) -> list[str]:
    """The command the menu runs: this environment's `star-rehearsal` script, else `python -m`.

    Not resolved through symlinks: a venv's python is a symlink whose target has no venv.
    """
    python = Path(executable or sys.executable).absolute()
    script = python.parent / APP_ID
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(python), "-m", "star_rehearsal"]


def exec_value(argv: Sequence[str]) -> str:
    """argv quoted for an Exec key: reserved characters need double quotes, `%` is doubled,
    and the whole value is then escaped as a desktop-file string."""
    parts = []
    for arg in argv:
        arg = arg.replace("%", "%%")
        if any(ch in _RESERVED for ch in arg):
            inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            arg = f'"{inner}"'
        parts.append(arg)
    return " ".join(parts).replace("\\", "\\\\")


def desktop_entry_text(argv: Sequence[str], version: str, created: Sequence[str] = ()) -> str:
    """No deck argument: the app opens the deck the user had open last (settings.last_deck)."""
    folders = [f"{FOLDERS_KEY}={';'.join(created)}"] if created else []
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=STAR Rehearsal",
            "GenericName=Interview rehearsal",
            "Comment=Rehearse behavioural-interview answers out loud, scored on this machine",
            f"Exec={exec_value(argv)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Education;",
            "Keywords=interview;STAR;rehearse;practice;speech;",
            f"StartupWMClass={WM_CLASS}",
            "StartupNotify=true",
            f"X-STAR-Rehearsal-Version={version}",
            f"{PROGRAM_KEY}={argv[0]}".replace("\\", "\\\\"),
            *folders,
            MARKER,
            "",
        ]
    )


def _missing_folders(base: Path, paths: EntryPaths) -> list[str]:
    """The folders (base included) that writing our two files will create, deepest first."""
    missing: list[str] = []
    for file in (paths.desktop_file, paths.icon_file):
        folder = file.parent
        while not folder.exists() and (folder == base or base in folder.parents):
            rel = "." if folder == base else folder.relative_to(base).as_posix()
            if rel not in missing:
                missing.append(rel)
            folder = folder.parent
    return sorted(missing, key=lambda rel: (-rel.count("/"), rel == ".", rel))


def _recorded_folders(desktop_file: Path) -> list[str]:
    prefix = f"{FOLDERS_KEY}="
    try:
        lines = desktop_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    for line in lines:
        if line.startswith(prefix):
            return [rel for rel in line[len(prefix) :].split(";") if rel]
    return []


def is_ours(desktop_file: Path) -> bool:
    try:
        return MARKER in desktop_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class EntryConflict(Exception):
    """A file we would overwrite was not written by us; the message names it."""


def install(base: Path, argv: Sequence[str], version: str, icon: Path | None = None) -> EntryPaths:
    """Write (or refresh) the entry and the icon. Refuses to replace a user's own entry."""
    paths = entry_paths(base)
    if paths.desktop_file.exists() and not is_ours(paths.desktop_file):
        raise EntryConflict(
            f"{paths.desktop_file} exists and was not written by STAR Rehearsal; "
            "move it away, then run `star-rehearsal install-desktop-entry` again."
        )
    icon_bytes = (icon or bundled_icon()).read_bytes()
    created = _missing_folders(base, paths)  # a refresh keeps what the first install made
    created += [rel for rel in _recorded_folders(paths.desktop_file) if rel not in created]
    _write_atomic(paths.icon_file, icon_bytes)
    _write_atomic(paths.desktop_file, desktop_entry_text(argv, version, created).encode("utf-8"))
    return paths


def installed_program(base: Path) -> Path | None:
    """The program our entry starts, or None without an entry of ours (doctor checks it)."""
    paths = entry_paths(base)
    if not is_ours(paths.desktop_file):
        return None
    prefix = f"{PROGRAM_KEY}="
    for line in paths.desktop_file.read_text(encoding="utf-8").splitlines():
        if line.startswith(prefix):
            return Path(line[len(prefix) :].replace("\\\\", "\\"))
    return None


@dataclass(frozen=True)
class UninstallResult:
    removed: list[Path]
    left_alone: list[Path]  # present at our paths but not written by us


def uninstall(base: Path, icon: Path | None = None) -> UninstallResult:
    """Remove our entry, and the icon when it is still the one we installed; then the folders
    install created, if nothing else has been put in them since. Folders that were there before
    stay: applications/ and icons/ are shared with every other program."""
    paths = entry_paths(base)
    removed: list[Path] = []
    left: list[Path] = []
    created: list[str] = []
    if paths.desktop_file.exists():
        if is_ours(paths.desktop_file):
            created = _recorded_folders(paths.desktop_file)
            paths.desktop_file.unlink()
            removed.append(paths.desktop_file)
        else:
            left.append(paths.desktop_file)
    if paths.icon_file.exists():
        try:
            same = paths.icon_file.read_bytes() == (icon or bundled_icon()).read_bytes()
        except OSError:
            same = False
        if same:
            paths.icon_file.unlink()
            removed.append(paths.icon_file)
        else:
            left.append(paths.icon_file)
    for rel in sorted(created, key=lambda rel: (-rel.count("/"), rel == ".")):  # deepest first
        folder = (base / rel).resolve() if rel != "." else base
        if folder != base and base.resolve() not in folder.parents:
            continue  # an edited entry pointing elsewhere: not ours to touch
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            continue
        removed.append(folder)
    return UninstallResult(removed, left)
