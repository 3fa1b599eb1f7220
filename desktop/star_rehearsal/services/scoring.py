"""One path from audio (or a transcript) to a scored, saved take, for the window's finish, the
`score` command, recovery and benchmarks/bench_recording.py — so each honours the same settings
(band, pace, engine, model) the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.defaults import ENGINE, MODEL, PACE_BAND_WPM, TARGET_BAND_S

if TYPE_CHECKING:
    from star_rehearsal.core.coaching.report import AudioSource
    from star_rehearsal.core.deck import Deck, Story
    from star_rehearsal.core.scoring.json_part import JsonObject
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.settings import Settings
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.core.transcription.engine import Engine

# Scoring time grows with the answer (sentence embeddings): about 0.4 s for 90 s and 4.5 s for
# 10 minutes on the 2-core machine (benchmarks/results/app.md).
SCORE_BASE_S = 0.25
SCORE_PER_AUDIO_S = 0.007


def scoring_estimate_s(duration_s: float) -> float:
    """Seconds scoring an answer this long takes, for the finish's countdown."""
    return SCORE_BASE_S + SCORE_PER_AUDIO_S * max(0.0, duration_s)


@dataclass(frozen=True)
class Judging:
    """How a take is judged: the user's settings, or the defaults when there are none."""

    band: tuple[float, float] = TARGET_BAND_S
    pace: tuple[float, float] = PACE_BAND_WPM
    engine: str = ENGINE
    model: str = MODEL

    @classmethod
    def of(cls, settings: Settings) -> Judging:
        return cls(settings.target_band, settings.pace_range, settings.engine, settings.model)


def load_engine(judging: Judging) -> Engine:
    """The speech engine the settings name, loaded (never downloaded)."""
    from star_rehearsal.core.transcription import create_engine

    engine = create_engine(judging.engine, judging.model)
    engine.load()
    return engine


def transcribe_audio(
    engine: Engine,
    audio_path: Path,
    story: Story | None,
    progress: Callable[[float], None] | None = None,
) -> Transcript:
    """A recording transcribed with the story's words as the prompt (none without a story).

    A recording longer than one long-audio window (about 5 minutes) goes through
    `transcribe_file`, window by window: in one call Whisper's features hold the whole input
    (recovering a 1-hour take peaked at 1,253 MB in the window, 404 MB through `transcribe`).
    """
    from star_rehearsal.core.transcription import story_prompt
    from star_rehearsal.core.transcription.long_audio import (
        SEARCH_S,
        WINDOW_S,
        transcribe_file,
    )

    prompt = story_prompt(story) if story is not None else None
    if _seconds_of(Path(audio_path)) > WINDOW_S + SEARCH_S:
        return transcribe_file(engine, audio_path, prompt=prompt, on_progress=progress)
    transcript: Transcript = engine.transcribe(
        Path(audio_path), prompt=prompt, on_progress=progress
    )
    return transcript


def _seconds_of(path: Path) -> float:
    """The recording's length from its header; 0 where the header cannot tell."""
    import soundfile

    try:
        return float(soundfile.info(str(path)).duration)
    except (RuntimeError, OSError, soundfile.LibsndfileError):
        return 0.0


def score_transcript(
    story: Story,
    transcript: Transcript,
    *,
    deck: Deck | None,
    judging: Judging,
    duration_s: float | None = None,
    audio: AudioSource | None = None,
    band: tuple[float, float] | None = None,
) -> Score:
    """The answer scored against its story (`band` overrides the settings' for a drill)."""
    from star_rehearsal.core.scoring import score_answer

    return score_answer(
        story,
        transcript,
        deck=deck,
        target_band=band or judging.band,
        pace_range=judging.pace,
        duration_s=duration_s,
        audio=audio,
    )


def score_audio(
    engine: Engine,
    audio_path: Path,
    story: Story,
    *,
    deck: Deck | None,
    judging: Judging,
    duration_s: float | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[Transcript, Score]:
    """A recording transcribed, then scored with its voice read from the same file."""
    transcript = transcribe_audio(engine, audio_path, story, progress)
    score = score_transcript(story, transcript, deck=deck, judging=judging,
                             duration_s=duration_s, audio=Path(audio_path))  # fmt: skip
    return transcript, score


def save_scored(
    store: TakesStore | None,
    take_id: str | None,
    transcript: Transcript,
    score_json: JsonObject,
) -> None:
    """The transcript and score written to the take's row (nothing without a store)."""
    if store is not None and take_id is not None:
        store.save_transcript(take_id, transcript)
        store.save_score(take_id, score_json)
