"""The user's word on a take (issue 30, item 1): a corrected transcript keeps the timings of the
words left alone and is re-scored by the real scorer; "I said this" / "I didn't say this" moves
the stored score, the schedule and the dashboard; the story told can be chosen. Real SQLite,
real scorer; everything read back from a reopened store."""

from __future__ import annotations

from pathlib import Path

import pytest
from star_rehearsal.core.correction_store import CannotCorrect, correct_take, kept
from star_rehearsal.core.corrections import calls_of, retime, user_info
from star_rehearsal.core.deck import Deck
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Segment, Transcript, Word

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
LEAK = "tell-me-about-a-time-you-handled-a-production-outage/2"
BAND = (60.0, 90.0)
PACE = (120.0, 160.0)
# Whisper mishears "config push" as "config bush"; no result is said.
HEARD = (
    "On Black Friday checkout failed for thirty percent of orders after a config bush. "
    "As incident commander I had to restore checkout and keep leadership informed. "
    "I declared a SEV-1 and opened one incident channel, rolled back the config bush within "
    "twelve minutes, added a canary stage for gateway config changes and wrote a blameless "
    "postmortem with five follow-up owners."
)


def timed(text: str, seconds_per_word: float = 0.4) -> Transcript:
    words = [Word(i * seconds_per_word, (i + 0.8) * seconds_per_word, " " + t, 0.9)
             for i, t in enumerate(text.split())]  # fmt: skip
    half = len(words) // 2
    segments = (
        Segment(0.0, words[half - 1].end, "".join(w.text for w in words[:half]).strip(),
                tuple(words[:half])),
        Segment(words[half].start, words[-1].end, "".join(w.text for w in words[half:]).strip(),
                tuple(words[half:])),
    )  # fmt: skip
    return Transcript(text, segments, duration_s=words[-1].end + 0.5, engine="test", model="t")


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck(Path(__file__).parents[2] / "stories" / "sample-deck.md")


def stored_take(tmp_path: Path, deck: Deck) -> tuple[TakesStore, str]:
    story = deck.story(OUTAGE)
    question = deck.question_of(OUTAGE)
    assert story is not None and question is not None
    store = TakesStore(tmp_path)
    take = store.new_take(question, story, None)
    transcript = timed(HEARD)
    store.finish_take(take.id, transcript.duration_s)
    store.save_transcript(take.id, transcript)
    score = score_answer(story, transcript, deck=deck, target_band=BAND, pace_range=PACE)
    store.save_score(take.id, score.to_json())
    return store, take.id


def test_retime_keeps_the_timings_of_words_left_alone() -> None:
    heard = timed("we rolled back the config bush in twelve minutes")
    fixed = retime(heard, "We rolled back the config push within twelve minutes")
    old, new = heard.words, fixed.words
    assert fixed.text == "We rolled back the config push within twelve minutes"
    assert [w.text.strip() for w in new] == fixed.text.split()
    for i in (0, 1, 2, 3, 4, 7, 8):  # untouched words (case aside) keep their times
        assert (new[i].start, new[i].end) == (old[i].start, old[i].end)
    assert (new[5].start, new[5].end) == (old[5].start, old[5].end)  # bush -> push
    assert (new[6].start, new[6].probability) == (old[6].start, 1.0)  # in -> within
    again = Transcript.from_json(fixed.to_json())  # stored and read back: the same words
    assert [(w.text, w.start) for w in again.words] == [(w.text, round(w.start, 3)) for w in new]


def test_corrected_transcript_is_rescored_and_the_original_kept(tmp_path: Path, deck: Deck) -> None:
    store, take_id = stored_take(tmp_path, deck)
    before = store.get(take_id)
    assert before is not None and before.score is not None
    fixed = HEARD.replace("config bush", "config push") + (
        " Checkout recovered in nineteen minutes with no lost orders."
    )
    done = correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND, text=fixed)
    assert done.transcript.text == fixed
    results = [p for p in done.score.key_points if p.kind == "result"]
    assert any(p.covered for p in results)  # the real scorer read the corrected words
    assert done.score.overall > before.score["overall"]
    store.close()

    reopened = TakesStore(tmp_path)  # survives a restart
    take = reopened.get(take_id)
    assert take is not None and take.transcript is not None and take.score is not None
    assert take.transcript["text"] == fixed
    assert take.overall == done.score.overall
    info = user_info(take.score)
    assert info["transcript_edited"] and info["original_text"] == HEARD
    assert info["first_overall"] == before.score["overall"]
    row = kept(reopened, take_id)
    assert row is not None and row.original_transcript is not None
    assert row.original_transcript["text"] == HEARD
    reopened.close()


def test_calls_move_the_score_schedule_and_dashboard(tmp_path: Path, deck: Deck) -> None:
    store, take_id = stored_take(tmp_path, deck)
    practice = PracticeStore(store)
    practice.sync(BAND)
    assert practice.reviews()[take_id]["rating"] == "again"  # no result said
    take = store.get(take_id)
    assert take is not None and take.score is not None
    result = next(p["text"] for p in take.score["key_points"] if p["kind"] == "result")
    first = take.score["overall"]

    done = correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND,
                        calls={result: True})  # fmt: skip
    assert done.score.overall > first
    assert calls_of(done.score) == {result: True}
    practice.sync(BAND)  # the schedule replays the card with the user's call
    review = practice.reviews()[take_id]
    assert review["reason"] != "no result said"
    summary = practice.summaries()[0]  # what the dashboard reads
    assert summary.overall == done.score.overall
    assert any(p["covered"] and p["text"] == result for p in summary.score["key_points"])

    back = correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND,
                        calls={result: None})  # fmt: skip
    assert back.score.overall == first and not user_info(back.score)
    assert kept(store, take_id) is None  # nothing corrected any more: History unmarks it


def test_score_against_the_story_told(tmp_path: Path, deck: Deck) -> None:
    store, take_id = stored_take(tmp_path, deck)
    done = correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND, story_id=LEAK)
    assert done.score.story_id == LEAK
    take = store.get(take_id)
    assert take is not None and take.story_id == LEAK and take.score is not None
    assert user_info(take.score)["story_chosen"] == LEAK
    assert user_info(take.score)["original_story"] == OUTAGE
    with pytest.raises(CannotCorrect, match="not in the deck"):
        correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND, story_id="nope/1")
    with pytest.raises(CannotCorrect, match="empty"):
        correct_take(store, take_id, deck=deck, pace=PACE, default_band=BAND, text="  ")
    store.close()


def test_a_follow_up_answer_is_rescored_against_its_missed_points_only(
    tmp_path: Path, deck: Deck
) -> None:
    from dataclasses import replace

    from star_rehearsal.core.deck import Question
    from star_rehearsal.core.practice.schedule import FOLLOW_UP_SUFFIX

    full = deck.story(OUTAGE)
    assert full is not None
    narrowed = replace(full, actions=(), results=full.results[:1], follow_up=True)
    question = Question(f"outage{FOLLOW_UP_SUFFIX}", "", "What came of checkout?", (narrowed,))
    store = TakesStore(tmp_path)
    take = store.new_take(question, narrowed, None)
    heard = timed("Checkout recovered in nineteen minutes with no lost orders.")
    store.finish_take(take.id, heard.duration_s)
    store.save_transcript(take.id, heard)
    store.save_score(take.id, score_answer(narrowed, heard, deck=deck).to_json())
    done = correct_take(store, take.id, deck=deck, pace=PACE, default_band=BAND,
                        text="Checkout recovered in nineteen minutes, no lost orders.")  # fmt: skip
    assert [p.text for p in done.score.key_points] == [full.results[0]]
    store.close()
