"""A package's public names, imported from its modules when first asked for (PEP 562).

A package whose `__init__` imports its own modules can deadlock Python's import locks when two
threads import it at once: one holds the package's lock and waits for a module's, the other
holds that module's lock (it imported the module directly) and waits for the package. The app
starts its model load and its recording warm-up on two workers at once, and one benchmark run
died of exactly that (`_DeadlockError` on `transcription.live`, two in three runs when raced).
So `core.audio`, `core.scoring` and `core.transcription` import nothing of their own eagerly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package`: name → the module defining it (relative to the
    package, or a whole `star_rehearsal.…` path)."""

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = home if home.startswith("star_rehearsal.") else f"{package}.{home}"
        return getattr(importlib.import_module(module), name)

    return __getattr__
