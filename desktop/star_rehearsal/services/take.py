"""TakeFlow: one take from Record to its review, without Qt.

The take's state is an enum with its legal moves (an illegal one raises: a take can never be
finished twice or recorded behind a review); the flow holds the take's parts (recorder, live
transcriber, the take's row, the voice's pitch track) and hands its steps (services.take_steps)
what they need. Whoever drives it — the window's session, a test, a benchmark — runs the steps
on the threads it likes and calls the flow's moves on one thread.
"""

from __future__ import annotations

import threading
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.services import take_steps
from star_rehearsal.services.take_events import (
    ErrorEvent,
    LevelEvent,
    Post,
    PreviewEvent,
    SegmentsEvent,
    StageEvent,
)
from star_rehearsal.services.take_steps import (
    FinishedTake,
    OpenedTake,
    OpenTakeRequest,
    Progress,
    RescoreRequest,
    TakeRequest,
)

if TYPE_CHECKING:
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.coaching.pitch_stream import PitchStream
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcription import LiveTranscriber
    from star_rehearsal.core.transcription.engine import Engine


class TakeState(StrEnum):
    IDLE = "idle"
    OPENING = "opening"  # the stream and the take's row are being opened off the UI thread
    RECORDING = "recording"
    FINISHING = "finishing"  # between Stop and the review
    REVIEW = "review"

    @property
    def shown(self) -> TakeState:
        """What the views show: an opening take already says Stop (the clock waits for audio)."""
        return TakeState.RECORDING if self is TakeState.OPENING else self


IDLE, OPENING, RECORDING, FINISHING, REVIEW = TakeState

LEGAL: dict[TakeState, frozenset[TakeState]] = {
    IDLE: frozenset({OPENING, REVIEW}),  # Record; a stored take opened from History
    OPENING: frozenset({RECORDING, IDLE}),  # the stream runs; or it could not be opened
    RECORDING: frozenset({FINISHING}),  # Stop (or the microphone failed: stopped too)
    FINISHING: frozenset({REVIEW, IDLE}),  # scored; or failed, left to the background, moved on
    REVIEW: frozenset({OPENING, IDLE, REVIEW}),  # again; another question; another stored take
}


def release_after_take() -> None:
    """What the take's decodes freed, handed back to the system between takes (glibc keeps it
    otherwise: 35 MB of a 230 MB engine after five pieces and thirty drafts, 4 ms). On its own
    short thread: never on the UI thread nor on the way to the review."""
    from star_rehearsal.core.memory import release_freed_memory

    threading.Thread(target=release_freed_memory, name="release-memory", daemon=True).start()


class IllegalTransition(RuntimeError):
    """A move the take cannot make from where it is (a bug in whoever drives the flow)."""


class TakeFlow:
    """The state of one take at a time and its parts; see the module docstring."""

    def __init__(self, post: Post) -> None:
        self.post = post  # where live values go: services.take_events
        self.state = IDLE
        self.live: LiveTranscriber | None = None
        self.recorder: Recorder | None = None
        self.take: Take | None = None
        self.pitch: PitchStream | None = None
        self.question: Question | None = None
        self.story: Story | None = None
        self.deck: Deck | None = None
        self.stop_when_open = False  # Stop came while the stream was opening
        self.live_stop = threading.Event()
        self.live_ended: threading.Event | None = None  # set when the live loop is out

    def move(self, to: TakeState) -> TakeState:
        """Go to `to`; returns the state left. Raises IllegalTransition for an illegal move."""
        was = self.state
        if to not in LEGAL[was]:
            raise IllegalTransition(f"a take cannot go from {was} to {to}")
        self.state = to
        return was

    # ---- open -------------------------------------------------------------------------------

    def begin(self, engine: Engine, store: TakesStore | None, question: Question, story: Story,
              deck: Deck | None, device: str | None) -> OpenTakeRequest:  # fmt: skip
        """Record pressed: OPENING, and what `open` needs (run it off the UI thread)."""
        from star_rehearsal.core.transcription import LiveTranscriber, story_prompt

        self.move(OPENING)
        self.live = live = LiveTranscriber(engine, prompt=story_prompt(story))
        self.question, self.story, self.deck = question, story, deck
        self.stop_when_open = False
        post = self.post
        return OpenTakeRequest(store=store, question=question, story=story,
                               deck_path=deck.path if deck else None, device=device,
                               on_level=lambda level: post(LevelEvent(level)), on_audio=live.feed,
                               on_error=lambda message: post(ErrorEvent(message)))  # fmt: skip

    open = staticmethod(take_steps.open_take)

    def opened(self, opened: OpenedTake) -> bool:
        """The stream is running (RECORDING) or could not start (IDLE, the row is gone)."""
        if opened.error is not None:
            self.take, self.recorder, self.live = None, None, None
            self.move(IDLE)
            return False
        from star_rehearsal.core.coaching.pitch_stream import PitchStream

        self.take, self.recorder = opened.take, opened.recorder
        self.live_stop, self.live_ended = threading.Event(), threading.Event()
        self.pitch = PitchStream()
        self.move(RECORDING)
        return True

    # ---- while recording --------------------------------------------------------------------

    def live_loop(self, nudges: bool, progress: Progress = None) -> None:
        """The live pieces and the work between them, until Stop (run it off the UI thread)."""
        live, story, pitch, post = self.live, self.story, self.pitch, self.post
        assert live is not None and story is not None and pitch is not None  # set by opened()
        between = take_steps.between_pieces(story, self.deck, live, nudges, self.live_stop,
                                            pitch, post)  # fmt: skip
        take_steps.live_loop(live, self.live_stop, lambda segments: post(SegmentsEvent(segments)),
                             between, lambda text: post(PreviewEvent(text)), self.live_ended)  # fmt: skip

    # ---- finish -----------------------------------------------------------------------------

    def stop(self, store: TakesStore | None, band: tuple[float, float],
             pace: tuple[float, float], drill_question: str | None = None) -> TakeRequest:  # fmt: skip
        """Stop pressed while RECORDING: FINISHING, and what `finish` needs (run it off the UI
        thread: closing the stream and the file can take a few hundred ms)."""
        recorder, live, story = self.recorder, self.live, self.story
        assert recorder is not None and live is not None and story is not None
        self.move(FINISHING)
        self.live_stop.set()
        post = self.post
        return TakeRequest(
            recorder=recorder, live=live, store=store,
            take_id=self.take.id if self.take is not None else None, story=story,
            deck=self.deck, band=band, pace=pace, duration_s=float(recorder.elapsed_s),
            audio_path=Path(recorder.path),
            on_stage=lambda stage, seconds: post(StageEvent(stage, seconds)),
            drill_question=drill_question, live_ended=self.live_ended, pitch=self.pitch,
        )  # fmt: skip

    finish = staticmethod(take_steps.finish_take)
    rescore = staticmethod(take_steps.rescore_file)

    def finished(self, shown: bool) -> None:
        """The take is scored: REVIEW when its review is shown, IDLE when it is not (the user
        moved on); the take's parts are let go either way."""
        self.recorder, self.pitch = None, None
        self.move(REVIEW if shown else IDLE)
        release_after_take()

    def failed(self) -> None:
        """Scoring failed or was left to run in the background: IDLE (the audio is kept)."""
        self.recorder, self.pitch = None, None
        self.move(IDLE)
        release_after_take()

    def shutdown(self) -> None:
        """The live loop is told to end (the window is closing)."""
        self.live_stop.set()


__all__ = [
    "FINISHING", "IDLE", "OPENING", "RECORDING", "REVIEW", "FinishedTake", "IllegalTransition",
    "OpenTakeRequest", "OpenedTake", "RescoreRequest", "TakeFlow", "TakeRequest", "TakeState",
]  # fmt: skip
