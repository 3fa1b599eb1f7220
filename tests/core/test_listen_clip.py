"""Issue 30 rough edge 9: "Unsure — listen" played words that had nothing to do with the point:
from one word of the evidence to the end of the take, and a Whisper word the transcript text
lacks ("a" found inside "team") shifted every time after it. The clip is now the evidence's
sentence, timed by the words; real speech (espeak-ng) through tiny.en and the real scorer."""

from __future__ import annotations

from pathlib import Path

from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.review import Review
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring.timing import TextClock
from star_rehearsal.core.transcript import Segment, Transcript, Word

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
ANSWER = (
    "So on Black Friday checkout was failing for a lot of orders, and I was the one in charge. "
    "I got everyone into one chat room. We undid the change that broke it pretty fast. "
    "Afterwards we talked about testing gateway changes more carefully. "
    "I wrote up what happened with owners for the follow ups. "
    "Checkout was back after a while and we did not lose orders."
)


def _words(text: str) -> set[str]:
    return {w.strip(".,!?").lower() for w in text.split() if w.strip(".,!?")}


def test_a_word_the_text_lacks_does_not_shift_the_times() -> None:
    text = "We fixed it. Then the team shipped the canary stage."
    said = ["We", "fixed", "a", "it.", "Then", "the", "team", "shipped", "the", "canary", "stage."]
    words = tuple(Word(float(i), i + 0.5, f" {t}", 0.9) for i, t in enumerate(said))
    clock = TextClock(Transcript(text, (Segment(0.0, 11.0, text, words),), 11.0), 11.0)
    at = text.index("team")
    assert clock.span(at, at + len("team shipped")) == (6.0, 7.5)  # was (1.0, 2.5): "fixed a"
    assert clock.clip((at, at + 4)) == (4.0, 10.5)  # "Then the team shipped the canary stage."


def test_listen_plays_the_sentence_of_the_evidence(make_speech, sample_deck_path: Path) -> None:  # type: ignore[no-untyped-def]
    from star_rehearsal.core.transcription import create_engine, story_prompt

    deck = load_deck(sample_deck_path)
    story = deck.story(OUTAGE)
    transcript = create_engine("faster-whisper", "tiny.en").transcribe(
        make_speech(ANSWER, wpm=150), prompt=story_prompt(story)
    )
    score = score_answer(story, transcript, deck=deck)
    review = Review(score, transcript, None, None, None, "", story, (60.0, 90.0))
    listened = 0
    for i, point in enumerate(score.key_points):
        if point.span is None:
            continue
        clip = review.listen_clip(i)
        assert clip is not None
        heard = " ".join(w.text for w in transcript.words if clip[0] <= w.start < clip[1])
        # every word of the evidence is played, and what is played is about it: its sentence
        assert _words(point.evidence) <= _words(heard), (point.text, point.evidence, heard)
        sentence_words = len(_words(heard) - _words(point.evidence))
        assert sentence_words <= 14, (point.text, point.evidence, heard)
        if point.span[1] < len(transcript.text) - 80:  # a point said before the last sentence
            assert clip[1] < transcript.words[-1].start, (point.text, heard)  # not to the end
        listened += 1
    assert listened >= 2
    unsure = [k for k in score.key_points if k.unsure]
    assert unsure, [(k.text, k.confidence) for k in score.key_points]  # the canary, vaguely said
