"""core must never import Qt: checked by import-linter in scripts/test.sh and here at run time."""

import importlib
import pkgutil
import subprocess
import sys

import star_rehearsal.core as core


def test_core_modules_import_without_qt() -> None:
    names = [m.name for m in pkgutil.walk_packages(core.__path__, prefix="star_rehearsal.core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core pulled in Qt: {out.stdout}"
    assert names, "no core modules found"


def test_core_import_is_cheap() -> None:
    """Heavy libraries are imported lazily, never at import time of a core module."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import star_rehearsal.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, prefix='star_rehearsal.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "heavy = [m for m in ('torch', 'whisper', 'ctranslate2', 'faster_whisper', 'onnxruntime') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at import time: {out.stdout}"


def test_importlib_finds_core() -> None:
    assert importlib.import_module("star_rehearsal.core.deck")
