"""Best answer edges (issue 33): a take whose recording is gone, and a reel that cannot be
written. The take is real speech (an espeak-ng clip stored as the take's recording; recording
itself is tests/core/test_best_answer.py's), transcribed by tiny.en and scored for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.best_answer import build_script
from star_rehearsal.core.practice.reel import build_reel
from star_rehearsal.core.takes import TakesStore

STORY = "tell-me-about-a-time-you-handled-a-production-outage/1"
TAKES = (
    "I declared a sev one and opened a single incident channel. We rolled back the config push "
    "within twelve minutes.",
    "Checkout came back in nineteen minutes and we did not lose a single order.",
)


@pytest.fixture(scope="module")
def data(make_speech, sample_deck_path, tmp_path_factory):  # type: ignore[no-untyped-def]
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcription import create_engine, story_prompt

    deck = load_deck(sample_deck_path)
    story = deck.story(STORY)
    folder = tmp_path_factory.mktemp("best-edges")
    store = TakesStore(folder)
    engine = create_engine("faster-whisper", "tiny.en")
    for text in TAKES:
        take = store.new_take(deck.question_of(STORY), story, sample_deck_path)
        shutil.copy(make_speech(text, wpm=150), take.audio_path)
        store.finish_take(take.id, sf.info(str(take.audio_path)).duration)
        transcript = engine.transcribe(take.audio_path, prompt=story_prompt(story))
        store.save_transcript(take.id, transcript)
        store.save_score(take.id, score_answer(story, transcript, deck=deck).to_json())
    store.close()
    return folder


def test_a_take_whose_recording_is_gone_is_skipped_and_said(
    data, sample_deck_path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    store = TakesStore(copy)
    takes = store.list_takes()
    store.close()
    takes[0].audio_path.unlink()
    script = build_script(load_deck(sample_deck_path).story(STORY), takes)
    from_first = [li for li in script.lines if li.take_id == takes[0].id]
    from_second = [li for li in script.lines if li.take_id == takes[1].id]
    assert from_first and from_second, [li.text for li in script.lines]
    reel = build_reel(script, tmp_path / "reel.wav")
    assert {p.take_id for p in reel.pieces} == {takes[1].id}
    missing = [why for _, why in reel.skipped if "is missing" in why]
    assert len(missing) == len(from_first) and takes[0].audio_path.name in missing[0]
    assert takes[1].audio_path.is_file()  # the reel only reads the takes


def test_a_reel_that_cannot_be_written_names_the_reel(
    data, sample_deck_path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "--settings", str(tmp_path / "none.json"), "best",
         "--deck", str(sample_deck_path), "--story", STORY, "--data-dir", str(data),
         "--reel", str(blocker / "reel.wav")],
        capture_output=True, text=True, timeout=120, env=os.environ.copy(),
    )  # fmt: skip
    assert out.returncode == 2
    assert f"cannot write the reel to {blocker / 'reel.wav'}" in out.stderr
    assert "takes.sqlite3" not in out.stderr  # was: "cannot read …/takes.sqlite3"


def test_tidying_drops_fillers_and_false_starts_and_marks_unsure_words() -> None:
    from star_rehearsal.core.practice.best_words import tidy
    from star_rehearsal.core.transcript import Segment, Transcript, Word

    text = "Um, we, we rolled back the the push, to be honest, and I had had enough of it."
    words, t = [], 0.0
    for token in text.split():
        words.append(Word(t, t + 0.3, token, 0.3 if token == "push," else 0.9))
        t += 0.4
    said = tidy(Transcript(text, (Segment(0.0, t, text, tuple(words)),), t), (0, len(text)))
    assert said.text == "We rolled back the [push?], and I had had enough of it."
    assert said.unsure == ("push",) and said.start == pytest.approx(0.8)
    assert said.end == pytest.approx(t - 0.1)
