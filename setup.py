"""Packaging hook (the project is described in pyproject.toml): a built wheel carries the icons,
style sheets and the sample deck inside the package, where the app looks for them when it runs
without a checkout (core/paths.py: resources_dir, sample_deck_path)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install runs from the checkout, which has them already
        package = Path(self.build_lib) / "star_rehearsal"
        shutil.copytree(ROOT / "resources", package / "resources", dirs_exist_ok=True)
        (package / "stories").mkdir(parents=True, exist_ok=True)
        for deck in ("sample-deck.md", "template-deck.md"):  # `deck --sample`, `new-deck`
            shutil.copy2(ROOT / "stories" / deck, package / "stories" / deck)


# setuptools' scratch folders (build/, desktop/*.egg-info) go to a temporary folder removed when
# the build ends, so `pip install .` leaves the checkout as it found it.
SCRATCH = tempfile.mkdtemp(prefix="star-rehearsal-build-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)

setup(
    cmdclass={"build_py": BuildPyWithResources},
    options={"build": {"build_base": f"{SCRATCH}/build"}, "egg_info": {"egg_base": SCRATCH}},
)
