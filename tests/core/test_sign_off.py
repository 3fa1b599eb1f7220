"""Rough edge 4 of issue 30: a Whisper sign-off ("I'll see you next time, see you") written
into the silence after the answer entered the transcript and pushed the pace to 205 wpm."""

from __future__ import annotations

from star_rehearsal.core.transcript import Segment, Word
from star_rehearsal.core.transcription.assembly import clean

ANSWER = "Checkout recovered in nineteen minutes with no lost orders."


def segments(tail: str, gap: float) -> list[Segment]:
    said = [Word(i * 0.4, i * 0.4 + 0.3, t, 0.9) for i, t in enumerate(ANSWER.split())]
    t0 = said[-1].end + gap
    extra = [Word(t0 + i * 0.2, t0 + i * 0.2 + 0.15, t, 0.6)
             for i, t in enumerate(tail.split())]  # fmt: skip
    first = Segment(0.0, said[-1].end, ANSWER, tuple(said))
    if gap >= 1.0:
        return [first, Segment(t0, extra[-1].end, tail, tuple(extra))]
    words = tuple(said + extra)
    return [Segment(0.0, words[-1].end, f"{ANSWER} {tail}", words)]


def text(segs: list[Segment]) -> str:
    return " ".join(s.text for s in segs)


def test_a_sign_off_after_the_answer_is_dropped() -> None:
    cleaned = clean(segments("I'll see you next time, see you.", gap=6.0))
    assert text(cleaned) == ANSWER
    assert [w.text.strip() for s in cleaned for w in s.words][-1] == "orders."


def test_a_sign_off_in_the_same_piece_after_a_pause_is_dropped() -> None:
    segs = segments("See you next time.", gap=0.0)
    words = list(segs[0].words)
    late = [Word(w.start + 3.0, w.end + 3.0, w.text, w.probability) for w in words[-4:]]
    joined = tuple(words[:-4] + late)
    cleaned = clean([Segment(0.0, joined[-1].end, segs[0].text, joined)])
    assert text(cleaned) == ANSWER


def test_the_same_words_inside_the_answer_are_kept() -> None:
    said = "see you next time"
    kept = clean(segments(said, gap=0.2))  # no pause: said in the flow of the answer
    assert text(kept).endswith("see you next time")
