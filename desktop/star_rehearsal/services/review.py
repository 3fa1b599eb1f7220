"""Reviews of takes, just finished or stored: the one place a core.review.Review is made
(`build_review`), and the takes store read for the History tab and the question list.

Plain functions (no Qt): the window's session calls them and emits what the views need.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.core.review import Review, take_band

if TYPE_CHECKING:
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import QuestionStats, Take, TakesStore
    from star_rehearsal.core.transcript import Transcript


def make_review(
    score: Score,
    transcript: Transcript,
    *,
    take_id: str | None,
    audio_path: Path | None,
    question: Question | None,
    story: Story | None,
    deck: Deck | None,
    default_band: tuple[float, float],
    previous_overall: int | None,
    question_text: str = "",
) -> Review:
    titles = {s.id: s.title for s in deck.all_stories()} if deck else {}
    review = Review(
        score=score,
        transcript=transcript,
        take_id=take_id,
        audio_path=audio_path,
        question=question,
        question_text=question.text if question is not None else (question_text or "Take"),
        story=story,
        band=take_band(score, default_band),
        previous_overall=previous_overall,
    )
    told = review.told_story_id
    return replace(review, told_story_title=titles.get(told, told)) if told else review


def stored_parts(
    take: Take, deck: Deck | None
) -> tuple[Score, Transcript, Question | None, Story | None] | None:
    """What a stored take's review is made of; None while it has no transcript or score."""
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.transcript import Transcript

    transcript = getattr(take, "transcript", None)
    if isinstance(transcript, dict):
        transcript = Transcript.from_json(transcript)
    score = getattr(take, "score", None)
    if transcript is None or score is None:
        return None
    if not isinstance(score, Score):
        from star_rehearsal.core.stored_score import REVIEW_KEYS, DamagedScore, check_score

        try:  # listed in History, yet without what a review reads (story, length, points)
            check_score(score, REVIEW_KEYS)
        except DamagedScore:
            return None
    question = deck.question(take.question_id) if deck else None
    story = deck.story(take.story_id) if deck and take.story_id else None
    if story is None and take.story:
        story = Story.from_json(take.story)  # the deck changed since: use the take's copy
    return (
        (score if isinstance(score, Score) else Score.from_json(score)),
        transcript,
        question,
        story,
    )


def previous_overall(takes: list[Take], take_id: str | None) -> int | None:
    """The overall score of the take before this one (takes oldest first), if any."""
    earlier = None
    for take in takes:
        if take.id == take_id:
            break
        if take.overall is not None:
            earlier = int(take.overall)
    return earlier


def takes_for(store: TakesStore | None, question_id: str | None) -> list[Take]:
    """A question's takes, with the recordings whose question was lost with the database."""
    if store is None:
        return []
    try:
        takes = list(store.list_takes(question_id=question_id))
        if question_id:
            takes += [t for t in store.list_takes(question_id="")]
        return takes
    except Exception:  # a damaged store: the window shows what it can
        return []


def question_stats(store: TakesStore | None) -> dict[str, QuestionStats]:
    if store is None:
        return {}
    try:
        return dict(store.question_stats())
    except Exception:
        return {}


def build_review(
    score: Score,
    transcript: Transcript,
    *,
    take_id: str | None,
    audio_path: Path | None,
    question: Question | None,
    story: Story | None,
    deck: Deck | None,
    store: TakesStore | None,
    default_band: tuple[float, float],
    question_text: str = "",
) -> Review:
    """A Review of a take just finished or opened from History, with the score of the take
    before it on the same question (read from the store) and the title of a story it told."""
    qid = question.id if question is not None else None
    earlier = store.previous_overall(qid, take_id) if qid and store is not None else None
    return make_review(score, transcript, take_id=take_id, audio_path=audio_path,
                       question=question, story=story, deck=deck, default_band=default_band,
                       previous_overall=earlier, question_text=question_text)  # fmt: skip


def stored_review(
    store: TakesStore | None, take_id: str, deck: Deck | None, default_band: tuple[float, float]
) -> Review | None:
    """The review of a stored take; None while it has no transcript or score (or a damaged one)."""
    take = store.get(take_id) if store is not None else None
    parts = stored_parts(take, deck) if take is not None else None
    if take is None or parts is None:
        return None
    score, transcript, question, story = parts
    return build_review(score, transcript, take_id=take.id, audio_path=Path(take.audio_path),
                        question=question, story=story, deck=deck, store=store,
                        default_band=default_band, question_text=take.question_text)  # fmt: skip
