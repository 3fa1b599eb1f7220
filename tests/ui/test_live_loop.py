"""The live loop and the finish job take turns: the last decode after Stop never shares two cores
with a pre-read still running between pieces (under one busy process it did: a 2.4 s piece took
3.4 s and Stop -> review 5.2 s; benchmarks/bench_load.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QTextCursor
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.transcript import SAMPLE_RATE, Segment
from star_rehearsal.core.transcription import create_engine, load_audio
from star_rehearsal.core.transcription.live import LiveTranscriber
from star_rehearsal.services.take_steps import TakeRequest
from star_rehearsal.services.take_steps import finish_take as finish_take_job
from star_rehearsal.services.take_steps import live_loop as live_loop_job

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"


class EndedAfterRelease(threading.Event):
    """The finish job's wait on the live loop: lets the blocked pre-read go only once the finish
    job is waiting, so the order below cannot depend on which thread ran first."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def wait(self, timeout: float | None = None) -> bool:
        self.release.set()
        return super().wait(timeout)


class RecordingLive(LiveTranscriber):
    def __init__(self, *args, order: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.order = order

    def finish(self, **kwargs):  # type: ignore[no-untyped-def]
        self.order.append("finish")
        return super().finish(**kwargs)


def test_the_finish_job_waits_for_the_live_loop(make_speech, sample_deck_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine("faster-whisper", "tiny.en")
    engine.load()
    deck = load_deck(sample_deck_path)
    wav = make_speech("I declared a SEV one and opened a single incident channel.", pad_s=0.6)
    audio = load_audio(wav)
    order: list[str] = []
    live = RecordingLive(engine, order=order)
    pause = np.zeros(SAMPLE_RATE, np.float32)  # a pause to cut the first piece at
    live.feed(np.concatenate([audio, pause, audio]))
    stop, release, reading = threading.Event(), threading.Event(), threading.Event()
    ended = EndedAfterRelease(release)

    def between(_segments: list[Segment]) -> None:  # the pre-read, held until the finish waits
        reading.set()
        release.wait(60)
        order.append("pre-read done")

    loop = threading.Thread(target=live_loop_job, args=(live, stop, lambda _s: None, between, None, ended),
                            kwargs={"progress": lambda _f: None})  # fmt: skip
    loop.start()
    assert reading.wait(120), "the first piece was never decoded"
    stop.set()  # Stop pressed while the pre-read runs
    story = deck.story(OUTAGE)
    assert story is not None
    request = TakeRequest(recorder=None, live=live, store=None, take_id=None, story=story,
                          deck=deck, band=(60.0, 90.0), pace=(130.0, 170.0),
                          duration_s=2 * audio.size / SAMPLE_RATE, audio_path=wav, live_ended=ended)  # fmt: skip
    done = finish_take_job(request, progress=lambda _f: None)
    loop.join(30)
    assert order == ["pre-read done", "finish"]
    assert "incident channel" in done.transcript.text.lower()


def test_previews_are_greyed_and_replaced_by_the_final_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Only the new words are written (a whole 10-minute transcript re-laid out at every piece
    and preview stalled the window 112 ms); the preview is grey and never outlives its piece."""
    from star_rehearsal.ui.rehearse_view import PREVIEW_COLOUR, RehearseView

    view = RehearseView()
    qtbot.addWidget(view)
    view.set_live_preview("I declared a")  # a preview before any final words
    view.set_live_text("I declared a SEV one.")
    view.set_live_preview("Then I rolled")
    assert view.live.toPlainText() == "I declared a SEV one. Then I rolled"
    doc = view.live.document()

    def colour_at(index: int) -> str:
        cursor = QTextCursor(doc)
        cursor.setPosition(index + 1)
        return cursor.charFormat().foreground().color().name()

    text = view.live.toPlainText()
    assert colour_at(text.index("rolled")) == PREVIEW_COLOUR
    assert colour_at(text.index("declared")) != PREVIEW_COLOUR  # final: never left grey
    view.set_live_preview("Then I rolled back the")
    assert view.live.toPlainText() == "I declared a SEV one. Then I rolled back the"
    view.set_live_text("I declared a SEV one. Then I rolled back the config push.")
    assert view.live.toPlainText() == "I declared a SEV one. Then I rolled back the config push."
    assert colour_at(view.live.toPlainText().index("config")) != PREVIEW_COLOUR
    view.set_live_preview("")
    view.set_live_text("")  # a new take
    view.set_live_preview("Checkout")
    assert view.live.toPlainText() == "Checkout"
    view.clear_live()
    assert view.live.toPlainText() == ""


def test_the_finish_job_takes_the_voice_from_the_pitch_tracked_during_the_take(  # type: ignore[no-untyped-def]
    make_speech, sample_deck_path: Path, tmp_path: Path
) -> None:
    """After Stop only the tail of the pitch track is left to do: the finish job asks the take's
    PitchStream, not the file (here a path where nothing is, so the voice can only come from it)."""
    from star_rehearsal.core.coaching.pitch_stream import PitchStream

    finished: list[int] = []

    class SeenPitch(PitchStream):
        def finish(self, audio: np.ndarray):  # type: ignore[no-untyped-def]
            finished.append(audio.size)
            return super().finish(audio)

    engine = create_engine("faster-whisper", "tiny.en")
    engine.load()
    deck = load_deck(sample_deck_path)
    story = deck.story(OUTAGE)
    assert story is not None
    audio = load_audio(make_speech("I declared a SEV one and opened a single incident channel.",
                                   pad_s=0.6))  # fmt: skip
    live = LiveTranscriber(engine)
    live.feed(audio)
    pitch = SeenPitch()
    pitch.update(live.audio())
    request = TakeRequest(recorder=None, live=live, store=None, take_id=None, story=story,
                          deck=deck, band=(60.0, 90.0), pace=(130.0, 170.0),
                          duration_s=audio.size / SAMPLE_RATE, audio_path=tmp_path / "gone.wav",
                          pitch=pitch)  # fmt: skip
    done = finish_take_job(request, progress=lambda _f: None)
    assert finished == [audio.size]
    voice = done.score.data["coaching"]["voice"]
    assert "error" not in voice and voice["pitch"]["voiced_s"] > 1.0


def test_the_finish_budget_counts_from_stop(monkeypatch, sample_deck_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The rest and the polish get REVIEW_BUDGET_S from Stop, not from when the live loop's last
    piece is done: waiting out a piece must not leave the polish a whole second more. The clock
    is a fake one that the wait moves on (no decode: nothing is pending)."""
    from star_rehearsal.core.transcription.live import REVIEW_BUDGET_S
    from star_rehearsal.services import take_steps

    clock = [100.0]
    monkeypatch.setattr(take_steps.time, "perf_counter", lambda: clock[0])

    class PieceInFlight(threading.Event):
        def __init__(self, seconds: float) -> None:
            super().__init__()
            self.seconds = seconds

        def wait(self, timeout: float | None = None) -> bool:
            clock[0] += self.seconds  # the live loop's last piece took this long after Stop
            return True

    budgets: list[float | None] = []

    class BudgetLive(LiveTranscriber):
        def finish(self, *, budget_s=REVIEW_BUDGET_S, on_stage=None):  # type: ignore[no-untyped-def]
            budgets.append(budget_s)
            return super().finish(budget_s=budget_s, on_stage=on_stage)

    deck = load_deck(sample_deck_path)
    story = deck.story(OUTAGE)
    assert story is not None
    for piece_s in (0.7, 1.6):
        request = TakeRequest(recorder=None, live=BudgetLive(create_engine("faster-whisper", "tiny.en")),
                              store=None, take_id=None, story=story, deck=deck, band=(60.0, 90.0),
                              pace=(130.0, 170.0), duration_s=0.0, audio_path=Path("gone.wav"),
                              live_ended=PieceInFlight(piece_s))  # fmt: skip
        finish_take_job(request, progress=lambda _f: None)
    assert budgets == [pytest.approx(REVIEW_BUDGET_S - 0.7), 0.0]
