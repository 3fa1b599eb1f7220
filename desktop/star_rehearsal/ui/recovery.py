"""Takes recovered after a crash are transcribed and scored in the background, one at a time,
once the speech model is loaded; each appears in History as soon as it is done.

A recovered take whose story is known (its question's story, or the copy kept with the take) is
scored with workers.rescore_file_job; a recording with no row (nothing known about it) is only
transcribed, so it can still be read and listened to from History (All questions)."""

from __future__ import annotations

import functools
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from star_rehearsal.core.deck import Story
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.ui import workers as jobs

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcription.engine import Engine
    from star_rehearsal.ui.session import RehearsalSession


def transcribe_file_job(
    engine: Engine,
    audio_path: Path,
    store: TakesStore | None,
    take_id: str,
    *,
    progress: jobs.Progress,
) -> Transcript:
    """Transcribe a recovered recording that has no story to score against."""
    transcript: Transcript = engine.transcribe(Path(audio_path), on_progress=progress)
    if store is not None:
        store.save_transcript(take_id, transcript)
    return transcript


class RecoveredTakes(QObject):
    """The queue of recovered takes still to transcribe; `done` after each one."""

    done = Signal(str)  # take id
    failed = Signal(str, str)  # take id, message

    def __init__(self, session: RehearsalSession) -> None:
        super().__init__(session)
        self.session = session
        self.pending: deque[Take] = deque()
        self.running: str | None = None

    def add(self, takes: list[Take]) -> None:
        for take in takes:
            audio = Path(take.audio_path)
            if take.score is None and audio.is_file() and audio.stat().st_size > 44:
                self.pending.append(take)
        self.next()

    def next(self) -> None:
        s = self.session
        if self.running is not None or not self.pending or s.engine is None or s.store is None:
            return
        take = self.pending.popleft()
        self.running = take.id
        story = self._story_of(take)
        on_error = functools.partial(self._failed, take.id)
        if story is None:
            s.workers.start(
                transcribe_file_job,
                s.engine,
                Path(take.audio_path),
                s.store,
                take.id,
                on_done=functools.partial(self._done, take.id),
                on_error=on_error,
            )
            return
        from star_rehearsal.core.transcription import story_prompt

        request = jobs.RescoreRequest(
            engine=s.engine,
            audio_path=Path(take.audio_path),
            store=s.store,
            take_id=take.id,
            story=story,
            deck=s.deck,
            prompt=story_prompt(story),
            band=s.settings.target_band,
            pace=s.settings.pace_range,
        )
        s.workers.start(
            jobs.rescore_file_job,
            request,
            on_done=functools.partial(self._done, take.id),
            on_error=on_error,
        )

    def _story_of(self, take: Take) -> Story | None:
        deck = self.session.deck
        story = deck.story(take.story_id) if deck is not None and take.story_id else None
        if story is None and take.story:
            story = Story.from_json(take.story)
        return story

    def _done(self, take_id: str, _result: object) -> None:
        self._finished(take_id)

    def _finished(self, take_id: str) -> None:
        self.running = None
        self.done.emit(take_id)
        self.next()

    def _failed(self, take_id: str, message: str) -> None:
        self.running = None
        self.failed.emit(take_id, message)
        self.next()
