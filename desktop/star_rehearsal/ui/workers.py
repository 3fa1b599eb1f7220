"""The one layer that runs work off the UI thread and reports back through Qt signals.

Workers never touch widgets: each job is a plain function run on a QThreadPool (the take's
steps are services.take's; the few jobs below only load and warm things up); its result,
progress and failure come back as signals, delivered on the UI thread by Qt's queued connections.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:  # heavy core modules load lazily, in the jobs
    from star_rehearsal.core.deck import Deck, Story
    from star_rehearsal.core.transcription.engine import Engine

Progress = Callable[[float], None]
log = logging.getLogger(__name__)


class JobSignals(QObject):
    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """fn(*args, progress=callback) on the pool; its return value goes out through `finished`."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        fn, args = self.fn, self.args
        # What the job was given (a finish job's: the take's whole audio, ~6 MB a 92 s take)
        # must not outlive it: QThreadPool keeps the job object itself, and every finished job
        # used to keep its take's audio for the life of the window.
        self.fn, self.args = _done, ()
        try:
            result = fn(*args, progress=self.signals.progress.emit)
        except Exception as exc:
            traceback.print_exc()
            self.signals.failed.emit(_message(exc))
        else:
            self.signals.finished.emit(result)


def _done(*_args: Any, **_kwargs: Any) -> None:
    """A job's function once it has run."""


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.errno == 28:
        return "The disk is full: free some space or choose another data folder in Settings."
    return text


class Workers(QObject):
    """Starts jobs and keeps them alive until they report; `busy` tells the status bar."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self._jobs: set[Job] = set()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> Job:
        job = Job(fn, *args)
        if on_done:
            job.signals.finished.connect(on_done)
        if on_error:
            job.signals.failed.connect(on_error)
        if on_progress:
            job.signals.progress.connect(on_progress)
        job.signals.finished.connect(lambda _r, j=job: self._forget(j))
        job.signals.failed.connect(lambda _m, j=job: self._forget(j))
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))
        self.pool.start(job)
        return job

    def _forget(self, job: Job) -> None:
        self._jobs.discard(job)
        self.busy_changed.emit(len(self._jobs))

    @property
    def busy(self) -> int:
        return len(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


# ---- the jobs: plain functions calling core ------------------------------------------------


def load_deck_job(path: Path, *, progress: Progress) -> Deck:
    from star_rehearsal.core.deck_parser import load_deck

    return load_deck(Path(path))


def load_model_job(engine_name: str, model: str, *, progress: Progress) -> Engine:
    from star_rehearsal.core.transcription import create_engine

    engine = create_engine(engine_name, model)
    engine.load(on_progress=progress)
    progress(1.0)
    return engine


def warm_up_recording_job(*, progress: Progress) -> bool:
    """Import the recorder and the live transcriber before the first Record: sounddevice starts
    PortAudio on import (it lists the devices), which took about 180 ms on the UI thread at the
    first take (benchmarks/bench_load.py). A missing PortAudio is reported at Record as before."""
    try:
        import star_rehearsal.core.transcription.live  # noqa: F401
        from star_rehearsal.core.audio.devices import sounddevice_module

        sounddevice_module()
    except Exception:
        return False
    return True


def warm_up_scoring_job(*, progress: Progress) -> bool:
    from star_rehearsal.core.scoring import warm_up

    return bool(warm_up())


def prepare_scoring_job(story: Story, deck: Deck | None, *, progress: Progress) -> bool:
    """Per-story scoring work done while the user is still talking."""
    from star_rehearsal.core.scoring import prepare

    prepare(story, deck)
    return True
