"""Saving the user's word on a take (migration 3, `take_corrections`): one transaction writes the
corrected transcript and score into the takes row, keeps what Whisper and the scorer said first,
and forgets the schedule's reviews of the take's card so the next sync replays them with the
corrected score (FSRS has no "undo a review"; replaying is deterministic, no fuzzing).

`correct_take` is the whole job: it runs off the UI thread (re-scoring loads the scorer)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.corrections import overrule, retime
from star_rehearsal.core.deck import Deck, Story
from star_rehearsal.core.review import take_band

if TYPE_CHECKING:
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcript import Transcript


@dataclass(frozen=True)
class Kept:
    """What the take's corrections row holds."""

    calls: dict[str, bool]
    scored: dict[str, Any]  # the scorer's own score of the current transcript and story
    original_score: dict[str, Any]  # the scorer's first score of the take
    original_transcript: dict[str, Any] | None  # Whisper's, once the user edited it
    original_story_id: str | None


def kept(store: TakesStore, take_id: str) -> Kept | None:
    rows = store.read("SELECT * FROM take_corrections WHERE take_id = ?", (take_id,))
    if not rows:
        return None
    r = rows[0]
    transcript = r["original_transcript_json"]
    return Kept(
        {str(k): bool(v) for k, v in json.loads(r["calls_json"] or "{}").items()},
        json.loads(r["scored_json"]), json.loads(r["original_score_json"]),
        json.loads(transcript) if transcript else None, r["original_story_id"],
    )  # fmt: skip


@dataclass(frozen=True)
class Corrected:
    take_id: str
    score: Score
    transcript: Transcript
    story: Story


class CannotCorrect(ValueError):
    """The take cannot take this correction (no score yet, story not in the deck, …)."""


def _story_of(take: Take, deck: Deck | None) -> Story | None:
    """The story the take is scored against: the deck's, else the copy kept with the take; a
    follow-up answer keeps its narrowed copy (only the points the take before it missed)."""
    from star_rehearsal.core.practice.schedule import FOLLOW_UP_SUFFIX

    copy = Story.from_json(take.story) if take.story else None
    if copy is not None and take.question_id.endswith(FOLLOW_UP_SUFFIX):
        return replace(copy, follow_up=True)
    story = deck.story(take.story_id) if deck is not None and take.story_id else None
    return story or copy


def correct_take(
    store: TakesStore,
    take_id: str,
    *,
    deck: Deck | None,
    pace: tuple[float, float],
    default_band: tuple[float, float],
    text: str | None = None,
    calls: dict[str, bool | None] | None = None,
    story_id: str | None = None,
) -> Corrected:
    """Apply one correction: `text` (the transcript as the user says it was), `calls` (point
    text -> True said / False not said / None back to the scorer's call) or `story_id` (score
    against that story of the deck). Re-scores with the real scorer when the words or the story
    change; a call alone only recomputes the overall."""
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.transcript import Transcript

    take = store.get(take_id)
    if take is None or take.score is None or take.transcript is None:
        raise CannotCorrect("this take has no transcript and score yet: wait until it is scored")
    before = kept(store, take_id)
    current = Score.from_json(take.score)
    scored = Score.from_json(before.scored) if before else current
    transcript = Transcript.from_json(take.transcript)
    story = _story_of(take, deck)
    if story is None:
        raise CannotCorrect("the take's story is no longer in the deck and no copy was kept")
    now_calls = dict(before.calls) if before else {}
    original_transcript = before.original_transcript if before else None
    rescore = False
    if story_id and story_id != story.id:
        chosen = deck.story(story_id) if deck is not None else None
        if chosen is None:
            raise CannotCorrect(f"the story '{story_id}' is not in the deck any more")
        story, now_calls, rescore = chosen, {}, True
    if text is not None and " ".join(text.split()) != transcript.text:
        if not text.split():
            raise CannotCorrect("the corrected transcript is empty: type what you said")
        original_transcript = original_transcript or take.transcript
        transcript, rescore = retime(transcript, text), True
    for point, said in (calls or {}).items():
        if said is None:
            now_calls.pop(point, None)
        else:
            now_calls[point] = bool(said)
    if rescore:
        scored = _rescore(take, story, transcript, scored, deck, pace, default_band)
    first = before.original_score if before else take.score
    original_story = before.original_story_id if before else take.story_id
    chosen_story = story.id if story.id != original_story else None
    final = scored  # nothing left corrected (every call taken back): the scorer's take again
    if now_calls or original_transcript is not None or chosen_story:
        final = overrule(
            scored, now_calls, transcript_edited=original_transcript is not None,
            original_text=(original_transcript or {}).get("text", ""),
            story_chosen=chosen_story, original_story=original_story,
            first_overall=first.get("overall"),
        )  # fmt: skip
    _save(store, take, final, transcript, story, now_calls, scored, first, original_transcript,
          original_story)  # fmt: skip
    return Corrected(take_id, final, transcript, story)


def _rescore(
    take: Take, story: Story, transcript: Transcript, scored: Score, deck: Deck | None,
    pace: tuple[float, float], default_band: tuple[float, float],
) -> Score:  # fmt: skip
    from star_rehearsal.core.scoring import score_answer

    audio = take.audio_path if take.audio_path.is_file() else None
    score = score_answer(story, transcript, deck=deck, target_band=take_band(scored, default_band),
                         pace_range=pace, duration_s=scored.duration_s or take.duration_s,
                         audio=audio)  # fmt: skip
    if "drill" in scored.data:  # a 30-second version stays one
        score = score.with_data(drill=scored.data["drill"])
    return score


def _save(
    store: TakesStore, take: Take, final: Score, transcript: Transcript, story: Story,
    calls: dict[str, bool], scored: Score, first: dict[str, Any],
    original_transcript: dict[str, Any] | None, original_story: str | None,
) -> None:  # fmt: skip
    score_json = final.to_json()
    stories = tuple({take.story_id or "", story.id})
    marks = ",".join("?" * len(stories))
    store.write_many([
        ("UPDATE takes SET score_json = ?, overall = ?, transcript_json = ?, story_id = ?,"
         " story_json = ? WHERE id = ?",
         (json.dumps(score_json), final.overall, json.dumps(transcript.to_json()), story.id,
          json.dumps(story.to_json()), take.id)),
        ("INSERT OR REPLACE INTO take_corrections (take_id, calls_json, scored_json,"
         " original_score_json, original_transcript_json, original_story_id, updated_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?)",
         (take.id, json.dumps(calls), json.dumps(scored.to_json()), json.dumps(first),
          json.dumps(original_transcript) if original_transcript else None, original_story,
          datetime.now(UTC).isoformat(timespec="milliseconds")))
        if "user" in score_json  # a row means "corrected" (History reads it); none once undone
        else ("DELETE FROM take_corrections WHERE take_id = ?", (take.id,)),
        (f"DELETE FROM practice_reviews WHERE question_id = ? AND story_id IN ({marks})",
         (take.question_id, *stories)),
        (f"DELETE FROM practice_cards WHERE question_id = ? AND story_id IN ({marks})",
         (take.question_id, *stories)),
    ])  # fmt: skip
