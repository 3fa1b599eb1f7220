"""Takes a kill left unfinished (services.recovery) are transcribed and scored in the
background, one at a time, once the speech model is loaded; each appears in History as soon as
it is done. The work is TakeFlow.rescore, the path every recording takes to its score."""

from __future__ import annotations

import functools
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from star_rehearsal.services.recovery import has_audio, rescore_request
from star_rehearsal.services.scoring import Judging
from star_rehearsal.services.take import TakeFlow
from star_rehearsal.ui.workers import Op

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take
    from star_rehearsal.ui.session_base import SessionBase


class RecoveredTakes(QObject):
    """The queue of unfinished takes still to score; `done` after each one."""

    done = Signal(str)  # take id
    failed = Signal(str, str)  # take id, message

    def __init__(self, session: SessionBase) -> None:
        super().__init__(session)
        self.session = session
        self.pending: deque[Take] = deque()
        self.running: str | None = None

    def add(self, takes: list[Take]) -> None:
        self.pending.extend(t for t in takes if t.score is None and has_audio(t))
        self.next()

    def next(self) -> None:
        s = self.session
        if self.running is not None or not self.pending or s.engine is None or s.store is None:
            return
        take = self.pending.popleft()
        self.running = take.id
        request = rescore_request(take, s.engine, s.store, s.deck, Judging.of(s.settings))
        Op(lambda: TakeFlow.rescore(request)).success(
            functools.partial(self._done, take.id)
        ).failure(functools.partial(self._failed, take.id)).run_in(s.workers)

    def _done(self, take_id: str, _result: object) -> None:
        self.running = None
        self.done.emit(take_id)
        self.next()

    def _failed(self, take_id: str, message: str) -> None:
        self.running = None
        self.failed.emit(take_id, message)
        self.next()
