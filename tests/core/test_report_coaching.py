"""Issue 30 rough edge 10: reports left out the coaching and did not explain the 'rating'
column. A stored take (real SQLite, real scorer) reported as the window's Ctrl+E reports it."""

from __future__ import annotations

from pathlib import Path

from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.report import question_report
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Segment, Transcript, Word

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
ANSWER = (
    "On Black Friday checkout failed for thirty percent of orders. As incident commander I "
    "had to restore checkout. We declared a SEV one and opened a single incident channel, "
    "then I rolled back the config push within twelve minutes."
)


def test_the_report_carries_the_verdict_the_coaching_and_what_rating_means(tmp_path: Path):
    deck = load_deck(Path(__file__).parents[2] / "stories" / "sample-deck.md")
    story, question = deck.story(OUTAGE), deck.question_of(OUTAGE)
    assert story is not None and question is not None
    words = tuple(Word(i * 0.4, i * 0.4 + 0.3, w) for i, w in enumerate(ANSWER.split()))
    transcript = Transcript(ANSWER, (Segment(0.0, words[-1].end, ANSWER, words),), 60.0)
    store = TakesStore(tmp_path)
    take = store.new_take(question, story, None)
    store.finish_take(take.id, 60.0)
    store.save_transcript(take.id, transcript)
    store.save_score(take.id, score_answer(story, transcript, deck=deck).to_json())
    takes = store.list_takes(question.id)
    report = question_report(question.text, takes, {}, {take.id: {"rating": "again"}}).markdown
    store.close()
    assert "Verdict: " in report and "you never landed a result" in report
    assert "\n1. Land the result: say “Checkout recovered in 19 minutes" in report
    assert "Coaching:" in report and "Ownership in Actions" in report
    assert "*rating*: how the practice schedule read the take" in report


def test_a_take_with_no_transcript_stored_gets_no_silence_verdict(tmp_path: Path):
    """Without its transcript what was heard is unknown: the report must not say "little or no
    voice was heard" of a take scored 5 of 7 points (the mock summary did)."""
    deck = load_deck(Path(__file__).parents[2] / "stories" / "sample-deck.md")
    story, question = deck.story(OUTAGE), deck.question_of(OUTAGE)
    assert story is not None and question is not None
    store = TakesStore(tmp_path)
    take = store.new_take(question, story, None)
    store.finish_take(take.id, 60.0)
    heard = Transcript(ANSWER, duration_s=60.0)
    store.save_score(take.id, score_answer(story, heard, deck=deck).to_json())  # no transcript
    report = question_report(question.text, store.list_takes(question.id), {}, {}).markdown
    store.close()
    assert "no voice" not in report and "Verdict:" not in report


def test_a_point_named_but_not_done_says_why_in_the_report(tmp_path: Path):
    """Issue #27: the review says why a point named but said as not done is not counted; the
    exported report said only "Missed" (real store, real scorer)."""
    deck = load_deck(Path(__file__).parents[2] / "stories" / "sample-deck.md")
    story, question = deck.story(OUTAGE), deck.question_of(OUTAGE)
    assert story is not None and question is not None
    said = (
        ANSWER + " We talked about adding a canary stage for gateway config changes, but it got "
        "pushed to next quarter."
    )
    store = TakesStore(tmp_path)
    take = store.new_take(question, story, None)
    store.finish_take(take.id, 60.0)
    store.save_score(
        take.id, score_answer(story, Transcript(said, duration_s=60.0), deck=deck).to_json()
    )
    report = question_report(question.text, store.list_takes(question.id), {}, {}).markdown
    store.close()
    line = next(x for x in report.splitlines() if x.startswith("- action: added a canary stage"))
    assert line.endswith("(named, but not counted: it sounded turned down, put off or dropped)")
    assert not any("not counted" in x for x in report.splitlines() if "postmortem" in x)
