"""A wheel built from the repository installs into a clean environment and works there with no
checkout: `--version`, `deck` on the bundled sample deck, the menu entry with its icon.

To stay fast and offline, the new venv gets the wheel with pip --no-deps and borrows the
dependencies (PySide6, numpy, ...) from the dev venv through a path line in a .pth file. A path
line does not run the dev venv's own .pth files, so its editable install of this checkout stays
invisible: star_rehearsal can only come from the wheel (asserted below).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def repository_files() -> list[str]:
    """What a fresh clone would hold plus uncommitted work: tracked and untracked-not-ignored."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=ROOT, capture_output=True, check=True)  # fmt: skip
    return [name for name in out.stdout.decode().split("\0") if name and (ROOT / name).is_file()]


def build_wheel(source: Path, out: Path) -> Path:
    """setuptools from the dev venv when it is new enough (no download), else pip's isolation."""
    import setuptools

    isolation = [] if int(setuptools.__version__.split(".")[0]) >= 68 else ["--use-pep517"]
    no_isolation = [] if isolation else ["--no-build-isolation"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *no_isolation,
                    *isolation, "-w", str(out), str(source)], check=True, capture_output=True,
                   timeout=600)  # fmt: skip
    (wheel,) = out.glob("star_rehearsal-*.whl")
    return wheel


BUILD_LEFTOVERS: list[str] = []  # what building the wheel added to the checkout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(venv folder, wheel path); the checkout copy used to build is deleted before any test."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    for name in repository_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    before = {p.relative_to(source) for p in source.rglob("*")}
    wheel = build_wheel(source, base / "dist")
    BUILD_LEFTOVERS.extend(str(p.relative_to(source)) for p in source.rglob("*")
                           if p.relative_to(source) not in before)  # fmt: skip
    shutil.rmtree(source)
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True,
                   timeout=300)  # fmt: skip
    site = Path(
        subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       capture_output=True, text=True, check=True).stdout.strip()
    )  # fmt: skip
    (site / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    yield env_dir, wheel


def run(
    env_dir: Path, cwd: Path, *args: str, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if home is not None:
        env.update(
            HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config")
        )
    return subprocess.run([str(env_dir / "bin" / "star-rehearsal"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env)  # fmt: skip


def test_the_wheel_carries_icons_styles_and_the_sample_deck(installed: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(installed[1]).namelist())
    for name in ("star_rehearsal/resources/icons/app.svg", "star_rehearsal/resources/style-light.qss",
                 "star_rehearsal/resources/style-dark.qss", "star_rehearsal/stories/sample-deck.md",
                 "star_rehearsal/py.typed"):  # fmt: skip
        assert name in names, f"{name} is missing from the wheel"
    assert not any(n.startswith(("tests/", "benchmarks/", "recordings/")) for n in names)


def test_building_leaves_nothing_in_the_checkout(installed: tuple[Path, Path]) -> None:
    """setuptools' build/ and desktop/*.egg-info go to a temporary folder (setup.py)."""
    assert not BUILD_LEFTOVERS, f"the build left {sorted(BUILD_LEFTOVERS)[:5]} in the checkout"


def test_version_runs_from_the_wheel(installed: tuple[Path, Path], tmp_path: Path) -> None:
    env_dir, _ = installed
    out = run(env_dir, tmp_path, "--version")
    assert out.returncode == 0, out.stderr
    from star_rehearsal import __version__

    assert out.stdout.strip() == f"star-rehearsal {__version__}"


def test_the_package_comes_from_the_wheel_not_the_checkout(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    env_dir, _ = installed
    code = ("import json, star_rehearsal.core.paths as p; "
            "print(json.dumps({'file': p.__file__, 'root': str(p.project_root()), "
            "'deck': str(p.sample_deck_path()), 'data': str(p.default_data_dir()), "
            "'resources': str(p.resources_dir())}))")  # fmt: skip
    out = subprocess.run([str(env_dir / "bin" / "python"), "-c", code], cwd=tmp_path,
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")})  # fmt: skip
    where = json.loads(out.stdout)
    assert where["file"].startswith(str(env_dir)) and where["root"] == "None", where
    assert Path(where["deck"]).is_file() and where["deck"].startswith(str(env_dir))
    assert (Path(where["resources"]) / "icons" / "app.svg").is_file()
    assert where["data"] == str(tmp_path / "data" / "star-rehearsal"), "takes go to XDG data"


def test_deck_reads_the_bundled_sample_and_a_users_deck(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    env_dir, _ = installed
    sample = next(env_dir.glob("lib/python*/site-packages/star_rehearsal/stories/sample-deck.md"))
    out = run(env_dir, tmp_path, "deck", str(sample), "--json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["questions"]) >= 5
    mine = tmp_path / "mine.md"
    mine.write_text("## Pillar: Delivery\n\n### Tell me about a deadline you met.\n\n"
                    "1. STAR — The launch\n\n- Situation: The launch date was fixed.\n"
                    "- Task: Ship on time.\n- Actions: Cut scope; paired daily.\n"
                    "- Results: Shipped two days early.\n")  # fmt: skip
    out = run(env_dir, tmp_path, "deck", str(mine))
    assert out.returncode == 0, out.stderr
    assert "1 question, 1 story" in out.stdout and "A: Cut scope" in out.stdout


def test_the_menu_entry_of_an_installed_wheel(installed: tuple[Path, Path], tmp_path: Path) -> None:
    env_dir, _ = installed
    out = run(env_dir, tmp_path, "install-desktop-entry", home=tmp_path)
    assert out.returncode == 0, out.stderr
    entry = (tmp_path / "data" / "applications" / "star-rehearsal.desktop").read_text()
    assert f"Exec={env_dir}/bin/star-rehearsal\n" in entry
    assert (
        tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "star-rehearsal.svg"
    ).is_file()


WINDOW = """
import sys
from PySide6.QtWidgets import QApplication
from star_rehearsal.ui.app import apply_theme, create_window
app = QApplication([])
apply_theme(app, "light")
import time
window = create_window(None, sys.argv[1], sys.argv[2], load_model=False)
deadline = time.monotonic() + 60
while window.session.deck is None and time.monotonic() < deadline:  # the deck loads on a worker
    app.processEvents()
    time.sleep(0.01)
print(window.session.deck.path)
print(len(window.session.deck.questions), window.windowIcon().isNull(), bool(app.styleSheet()))
"""


def test_the_window_opens_on_the_bundled_deck_with_icon_and_style(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    """Offscreen, no model: the sample deck, the window icon and the style sheet all come from
    the installed package."""
    env_dir, _ = installed
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([str(env_dir / "bin" / "python"), "-c", WINDOW, str(tmp_path / "data"),
                          str(tmp_path / "settings.json")], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    deck_path, summary = out.stdout.strip().splitlines()[-2:]
    assert deck_path.startswith(str(env_dir)) and deck_path.endswith("sample-deck.md")
    questions, icon_missing, styled = summary.split()
    assert int(questions) >= 5 and icon_missing == "False" and styled == "True"
