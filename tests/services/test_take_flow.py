"""TakeFlow without Qt: its legal moves, and real takes through it — the recorder on the virtual
microphone, the real engine and scorer, the real takes store — through every move the window and
the mock interview make (Record, Stop, review, again from the review, a failed scoring, a stored
take opened, the next question)."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.services.review import build_review
from star_rehearsal.services.take import (
    FINISHING,
    IDLE,
    LEGAL,
    OPENING,
    RECORDING,
    REVIEW,
    FinishedTake,
    IllegalTransition,
    OpenedTake,
    TakeFlow,
    TakeState,
)
from star_rehearsal.services.take_events import (
    LevelEvent,
    PreviewEvent,
    SegmentsEvent,
    StageEvent,
    TakeEvent,
)

SAID = "I declared a SEV one and rolled back the config push within twelve minutes."


def test_every_move_outside_the_table_raises_and_leaves_the_state_alone() -> None:
    for start in TakeState:
        for to in TakeState:
            flow = TakeFlow(lambda _e: None)
            flow.state = start
            if to in LEGAL[start]:
                assert flow.move(to) is start and flow.state is to
            else:
                with pytest.raises(IllegalTransition, match=f"from {start} to {to}"):
                    flow.move(to)
                assert flow.state is start
    flow = TakeFlow(lambda _e: None)
    with pytest.raises(IllegalTransition):  # Stop with nothing recording
        flow.move(FINISHING)


def test_a_stream_that_cannot_open_leaves_the_flow_idle() -> None:
    flow = TakeFlow(lambda _e: None)
    flow.state = OPENING
    assert not flow.opened(OpenedTake(error=RuntimeError("no microphone")))
    assert flow.state is IDLE and flow.recorder is None and flow.live is None


def test_services_load_no_qt_and_nothing_heavy_at_import() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import star_rehearsal.services as services\n"
        "for m in pkgutil.walk_packages(services.__path__, prefix='star_rehearsal.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "heavy = ('PySide6', 'shiboken6', 'ctranslate2', 'faster_whisper', 'onnxruntime')\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in heavy], sys.modules.keys()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.audio
def test_takes_through_the_flow_with_the_real_recorder_engine_and_store(
    tmp_path: Path,
    sample_deck_path: Path,
    make_speech: Callable[..., Path],
    virtual_mic: Callable[[Path], subprocess.Popen[bytes]],
) -> None:
    from star_rehearsal.core.transcription import create_engine

    clip = make_speech(SAID, wpm=160)
    engine = create_engine()
    engine.load()
    deck = load_deck(sample_deck_path)
    question = next(q for q in deck.questions if "outage" in q.text)
    story = question.stories[0]
    store = TakesStore(tmp_path / "data")
    posted: queue.SimpleQueue[TakeEvent] = queue.SimpleQueue()
    flow = TakeFlow(posted.put)

    def take() -> FinishedTake:
        request = flow.begin(engine, store, question, story, deck, None)
        assert flow.state is OPENING
        assert flow.opened(flow.open(request))
        assert flow.state is RECORDING
        loop = threading.Thread(target=flow.live_loop, args=(False,))
        loop.start()
        player = virtual_mic(clip)
        assert player.wait(60) == 0
        with pytest.raises(IllegalTransition):  # no second take over this one
            flow.begin(engine, store, question, story, deck, None)
        finish = flow.stop(store, (60.0, 90.0), (120.0, 160.0))
        assert flow.state is FINISHING
        done = flow.finish(finish)
        loop.join(30)
        assert not loop.is_alive()
        return done

    first = take()
    flow.finished(shown=True)  # Record -> Stop -> review
    assert flow.state is REVIEW
    assert first.score is not None and "config push" in first.transcript.text.lower()
    kinds = set()
    while not posted.empty():
        kinds.add(type(posted.get()))
    assert {LevelEvent, StageEvent} <= kinds  # levels while recording; the finish's stages
    assert kinds & {SegmentsEvent, PreviewEvent}  # the live loop read the take as it came
    saved = store.get(first.take_id or "")
    assert saved is not None and saved.status == "finished"
    assert saved.score is not None and saved.overall == first.score.overall
    review = build_review(first.score, first.transcript, take_id=first.take_id,
                          audio_path=Path(saved.audio_path), question=question, story=story,
                          deck=deck, store=store, default_band=(60.0, 90.0))  # fmt: skip
    assert review.take_id == first.take_id and review.previous_overall is None

    second = take()  # again straight from the review (the mock interview's follow-up)
    flow.failed()  # as when scoring fails or is left to the background: idle, audio kept
    assert flow.state is IDLE and second.score is not None
    flow.move(REVIEW)  # a stored take opened from History
    flow.move(IDLE)  # the next question selected
    again = build_review(second.score, second.transcript, take_id=second.take_id,
                         audio_path=None, question=question, story=story, deck=deck,
                         store=store, default_band=(60.0, 90.0))  # fmt: skip
    assert again.previous_overall == first.score.overall
    assert [t.id for t in store.list_takes(question.id)] == [first.take_id, second.take_id]
    store.close()
