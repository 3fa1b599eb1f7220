"""The one layer that runs work off the UI thread and reports back on it: typed jobs.

An `Op[T]` (after Anki's QueryOp[T]) is a function returning a T, run on the worker pool; its
`success(T)`, `failure(message)` and `progress(fraction)` callbacks are called on the UI thread
(a queued signal carries each one across). Workers never touch widgets: the function is plain
(the take's steps are services.take's; the few jobs below only load and warm things up), and
only the callbacks, on the UI thread, do.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

if TYPE_CHECKING:  # heavy core modules load lazily, in the jobs
    from star_rehearsal.core.deck import Deck, Story
    from star_rehearsal.core.transcription.engine import Engine

T = TypeVar("T")
Progress = Callable[[float], None]
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a job's outcome to the UI thread: it lives there, so Qt queues the pool's emits
    to its own slots. Qt signals carry Python objects untyped; the Op gives the value its type
    back at its callbacks."""

    progress = Signal(float)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, op: Op[object], workers: Workers) -> None:
        super().__init__()
        self.op: Op[object] | None = op
        self.workers = workers
        self.progress.connect(self._on_progress)
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    def _on_progress(self, fraction: float) -> None:
        if self.op is not None:
            self.op._progressed(fraction)

    def _on_succeeded(self, value: object) -> None:
        if (op := self._end()) is not None:
            op._succeeded(value)

    def _on_failed(self, message: str) -> None:
        if (op := self._end()) is not None:
            op._failed(message)

    def _end(self) -> Op[object] | None:
        op, self.op = self.op, None
        self.workers.forget(self)
        return op


class Op(Generic[T]):
    """A typed job: `Op(work).success(cb).failure(cb).run_in(workers)`; see the module docstring."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work: Callable[[Progress], T] | None = lambda _progress: work()
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[str], None] | None = None
        self._on_progress: Callable[[float], None] | None = None

    @classmethod
    def with_progress(cls, work: Callable[[Progress], T]) -> Op[T]:
        """A job that reports how far it is (0..1) through `progress`."""
        op: Op[T] = cls(lambda: cast(T, None))
        op._work = work
        return op

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[str], None]) -> Op[T]:
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[float], None]) -> Op[T]:
        self._on_progress = callback
        return self

    def run_in(self, workers: Workers) -> Op[T]:
        """Start it on the pool (call on the UI thread)."""
        work, self._work = self._work, None
        if work is None:
            raise RuntimeError("an Op runs once")
        workers.run(_Job(work, _Relay(cast("Op[object]", self), workers)))
        return self

    # called on the UI thread by the relay
    def _succeeded(self, value: object) -> None:
        callback = self._on_success
        self._drop()
        if callback is not None:
            callback(cast(T, value))

    def _failed(self, message: str) -> None:
        callback = self._on_failure
        self._drop()
        if callback is not None:
            callback(message)
        else:
            log.warning("a background job failed: %s", message)

    def _progressed(self, fraction: float) -> None:
        if self._on_progress is not None:
            self._on_progress(fraction)

    def _drop(self) -> None:
        self._on_success = self._on_failure = self._on_progress = None


class _Job(QRunnable):
    """The pool's side of an Op: runs its work once, then lets go of it."""

    def __init__(self, work: Callable[[Progress], object], relay: _Relay) -> None:
        super().__init__()
        self.work: Callable[[Progress], object] | None = work
        self.relay = relay
        self.setAutoDelete(False)

    def run(self) -> None:
        work, relay = self.work, self.relay
        # What the job was given (a finish job's: the take's whole audio, ~6 MB a 92 s take)
        # must not outlive it: QThreadPool keeps the job object itself, and every finished job
        # used to keep its take's audio for the life of the window.
        self.work = None
        if work is None:
            return
        try:
            result = work(lambda fraction: _tell(relay.progress, fraction))
        except Exception as exc:
            traceback.print_exc()
            _tell(relay.failed, _message(exc))
        else:
            _tell(relay.succeeded, result)


def _tell(signal: SignalInstance, value: object) -> None:
    """Emit to the UI thread unless the window has gone: a job that ends while the app quits
    (Ctrl+C during start-up) has nobody left to tell, and must not print a traceback."""
    try:
        signal.emit(value)
    except RuntimeError as exc:  # "Signal source has been deleted"
        log.debug("a job ended after its window closed: %s", exc)


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, OSError) and exc.errno == 28:
        return "The disk is full: free some space or choose another data folder in Settings."
    return text


class Workers(QObject):
    """Runs Ops and keeps them alive until they report; `busy` tells the status bar."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self._jobs: set[_Job] = set()

    def run(self, job: _Job) -> None:
        """Op.run_in's half: keep the job (and its relay) alive until it reports."""
        self._jobs.add(job)
        self.busy_changed.emit(len(self._jobs))
        self.pool.start(job)

    def forget(self, relay: _Relay) -> None:
        self._jobs = {job for job in self._jobs if job.relay is not relay}
        self.busy_changed.emit(len(self._jobs))

    @property
    def busy(self) -> int:
        return len(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


# ---- the jobs: plain functions calling core ------------------------------------------------


def load_deck_job(path: Path) -> Deck:
    from star_rehearsal.core.deck_parser import load_deck

    return load_deck(Path(path))


def load_model_job(engine_name: str, model: str, progress: Progress) -> Engine:
    from star_rehearsal.core.transcription import create_engine

    engine = create_engine(engine_name, model)
    engine.load(on_progress=progress)
    progress(1.0)
    return engine


def warm_up_recording_job() -> bool:
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


def warm_up_scoring_job() -> bool:
    from star_rehearsal.core.scoring import warm_up

    return bool(warm_up())


def prepare_scoring_job(story: Story, deck: Deck | None) -> bool:
    """Per-story scoring work done while the user is still talking."""
    from star_rehearsal.core.scoring import prepare

    prepare(story, deck)
    return True
