"""Helpers the window tests share: open the real window on a deck, and make a review of a
transcript the way the session makes one (core.review.Review through session.build_review)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from star_rehearsal.core.review import Review
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.transcript import Segment, Transcript, Word
from star_rehearsal.ui.app import create_window


def open_window(
    qtbot: Any,
    deck: Path | None,
    data: Path,
    settings: Path,
    *,
    load_model: bool = False,
    ready: Callable[[Any], bool] | None = None,
    timeout: int = 10_000,
) -> Any:
    """The real window, shown; waits until a question is selected (or until `ready`)."""
    window = create_window(deck, data, settings, load_model=load_model)
    qtbot.addWidget(window)
    window.show()
    done = ready or (lambda w: w.session.deck is not None and w.session.question is not None)
    qtbot.waitUntil(lambda: done(window), timeout=timeout)
    return window


def open_on_outage(qtbot: Any, tmp_path: Path, sample_deck: Path) -> Any:
    """The real window on a copy of the sample deck, its outage question selected."""
    import shutil

    deck = tmp_path / "deck.md"
    shutil.copy(sample_deck, deck)
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    outage = next(q for q in window.session.deck.questions if "outage" in q.text)
    window.session.select_question(outage)
    return window


def timed(text: str, unsure_words: tuple[str, ...] = ()) -> Transcript:
    """A transcript of `text` with a timed word every 0.4 s (the words listed are unsure)."""
    words, t = [], 0.0
    for token in text.split():
        prob = 0.2 if token.strip(".,") in unsure_words else 0.95
        words.append(Word(t, t + 0.3, token, prob))
        t += 0.4
    return Transcript(text, (Segment(0.0, t, text, tuple(words)),), t)


def scored(
    window: Any,
    transcript: Transcript,
    band: tuple[float, float] = (60.0, 90.0),
    duration: float | None = None,
) -> Score:
    """The session's story scored on this transcript (lexical matching only: fast)."""
    from star_rehearsal.core.scoring import score_answer

    return score_answer(
        window.session.story,
        transcript,
        deck=window.session.deck,
        target_band=band,
        duration_s=transcript.duration_s if duration is None else duration,
        use_embeddings=False,
    )


def review_of(
    window: Any,
    transcript: Transcript,
    score: Score | dict[str, Any] | None = None,
    *,
    take_id: str | None = None,
    previous: int | None = None,
) -> Review:
    """A Review of the current question and story, built by the session."""
    if isinstance(score, dict):
        score = Score.from_json(score)
    review = window.session.build_review(
        score or scored(window, transcript),
        transcript,
        take_id=take_id,
        audio_path=None,
        question=window.session.question,
        story=window.session.story,
    )
    return replace(review, previous_overall=previous) if previous is not None else review


def show_answer(window: Any, text: str) -> Score:
    """The answer, timed and scored as `scored` scores it, shown in the window's review."""
    transcript = timed(text)
    score = scored(window, transcript)
    window.review.show_review(review_of(window, transcript, score))
    return score


def checklist_items(window: Any) -> list[Any]:
    """The review checklist's rows (QListWidgetItem), top to bottom."""
    points = window.review.points
    return [points.item(i) for i in range(points.count())]
