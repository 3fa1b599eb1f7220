"""The analysed answer: split once per score, every view exactly what its consumer split before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring import text as text_module
from star_rehearsal.core.scoring.analysed import analyse
from star_rehearsal.core.scoring.fillers import find_fillers
from star_rehearsal.core.scoring.keypoints import sentences, windows
from star_rehearsal.core.scoring.text import tokenize
from star_rehearsal.core.scoring.timing import TextClock
from star_rehearsal.core.transcript import Segment, Transcript, Word

TRICKY = (
    "So, um, p95 fell from 800 ms to 3.5 seconds; we didn't lose 12,000 orders. "
    "I mean, the migration's rollback—like, you know—took 19 minutes! Really? Yes: 40%."
)
UNPUNCTUATED = " ".join(["so we moved the nightly jobs to the new scheduler"] * 5)


@pytest.mark.parametrize("text", [TRICKY, UNPUNCTUATED, "", "3.5", "a;b. c"])
def test_an_opening_cut_anywhere_reads_as_if_analysed_alone(text: str) -> None:
    """prefix() reuses the words and clauses of the whole answer; a cut through "3.5",
    "migration's" or a clause must still give what splitting text[:cut] itself gives."""
    whole = analyse(text)
    for cut in range(len(text) + 1):
        alone, reused = analyse(text[:cut]), whole.prefix(cut)
        assert reused.text == alone.text
        assert reused.tokens == alone.tokens, cut
        assert reused.content == alone.content, cut
        assert reused.clauses == alone.clauses, cut


@pytest.mark.parametrize("text", [TRICKY, UNPUNCTUATED])
def test_each_view_is_the_split_its_consumer_made_before(text: str) -> None:
    """The splits the scorer used before the analysed answer, written out here as they were."""
    answer = analyse(text)
    assert list(answer.content) == tokenize(text)
    assert list(answer.tokens) == tokenize(text, keep_stopwords=True)
    assert list(answer.clauses) == [m.span() for m in re.finditer(r"[^.!?;]+[.!?;]?", text)]
    spans = [m.span() for m in re.finditer(r"[^.!?]+[.!?]?", text)]
    if len(spans) <= 1 and len(text.split()) > 30:
        spans = [m.span() for m in re.finditer(r"(?:\S+\s+){1,15}\S*", text)]
    assert list(answer.sentences) == spans
    assert answer.spoken_words == len(re.findall(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*", text))
    assert find_fillers(answer) == find_fillers(text)
    clock = Transcript.from_text(text)
    assert TextClock(clock, 30.0, answer).sentences() == TextClock(clock, 30.0).sentences()
    assert windows(text, answer.content, clauses=answer.clauses) == windows(text, tokenize(text))
    assert sentences(text, answer.tokens, clauses=answer.clauses) == sentences(
        text, tokenize(text, keep_stopwords=True)
    )


def test_TRICKY_is_split_where_the_views_differ() -> None:
    """The views really differ on this text, so the test above compares something."""
    answer = analyse(TRICKY)
    assert len(answer.clauses) > len(answer.sentences)  # ";" ends a clause, not a sentence
    assert answer.spoken_words != len(answer.tokens)  # "p95", "12,000", "40%"
    assert "3" in answer.recital_words and "12000" in answer.recital_words


def test_a_score_splits_the_answer_once(
    sample_deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring analyses the answer once and never hands it (or its opening) to tokenize again."""
    from star_rehearsal.core.scoring import analysed, score

    deck = load_deck(sample_deck_path)
    story = deck.story("tell-me-about-a-time-you-handled-a-production-outage/1")
    assert story is not None
    said = (
        "Black Friday, a config push broke checkout for a third of orders. My job was to get "
        "checkout back. I reverted the config push within twelve minutes and added a canary step. "
        "Checkout was healthy after nineteen minutes and we lost no orders."
    )
    words = [Word(i * 0.4, i * 0.4 + 0.3, w) for i, w in enumerate(said.split())]
    transcript = Transcript(said, (Segment(0.0, words[-1].end, said, tuple(words)),), 20.0)
    calls: list[str] = []
    tokenized: list[str] = []
    real_analyse, real_tokenize = analysed.analyse, text_module.tokenize

    def counting_analyse(text: str) -> analysed.AnalysedAnswer:
        calls.append(text)
        return real_analyse(text)

    def watching_tokenize(text: str, **kw: bool) -> list[text_module.Token]:
        tokenized.append(text)
        return real_tokenize(text, **kw)

    monkeypatch.setattr(score, "analyse", counting_analyse)
    monkeypatch.setattr(analysed, "analyse", counting_analyse)
    for module in ("keypoints", "shape", "story_match", "score"):
        monkeypatch.setattr(f"star_rehearsal.core.scoring.{module}.tokenize", watching_tokenize)
    result = score_answer(story, transcript, deck=deck, use_embeddings=False)
    assert calls == [said]
    assert result.overall > 0 and any(k.covered for k in result.key_points)
    assert not [t for t in tokenized if t and said.startswith(t)], tokenized
