"""The commented template deck `new-deck` writes, and where it and the sample deck live.

Both ship inside the package for a pip install (setup.py copies stories/ into it), so they are
found the way core/paths finds the sample: the checkout's stories/ first, else the package's.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from star_rehearsal.core.paths import project_root

TEMPLATE_DECK_NAME = "template-deck.md"


class TemplateError(Exception):
    """The template could not be written; the message names the real cause."""


def template_deck_path() -> Path:
    root = project_root()
    if root is not None:
        return root / "stories" / TEMPLATE_DECK_NAME
    return Path(__file__).resolve().parents[1] / "stories" / TEMPLATE_DECK_NAME


def write_template(path: Path) -> Path:
    """Write the template to `path`, never over an existing file. Returns the path written."""
    source = template_deck_path()
    try:
        text = source.read_bytes()
    except OSError as exc:
        raise TemplateError(f"the template is missing from this install ({source}: "
                            f"{exc.strerror or exc})") from exc  # fmt: skip
    if not path.parent.is_dir():
        raise TemplateError(f"the folder {path.parent} does not exist; create it first")
    try:
        # O_EXCL: an existing file (or a link to one) is refused, not replaced — checked
        # and created in one step, so a file appearing meanwhile is not overwritten either.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError as exc:
        raise TemplateError(f"{path} already exists; nothing was overwritten — "
                            "choose another name") from exc  # fmt: skip
    except IsADirectoryError as exc:
        raise TemplateError(f"{path} is a folder; give a file name such as my-stories.md") from exc
    except OSError as exc:
        raise TemplateError(f"{path} cannot be created ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
    except OSError as exc:
        path.unlink(missing_ok=True)  # a half-written template is no use to anyone
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        raise TemplateError(f"{path} could not be written ({reason})") from exc
    return path
