"""Score one answer against its story.

Overall (0–100) = 60 × coverage + 15 × length + 10 × STAR set-up + 10 × fillers + 5 × pace:
- coverage: half actions, half results (share of points covered); an answer that gives no
  result at all keeps only 60 % of its coverage, because a STAR answer without a result is
  the most common way to lose an interviewer;
- length: 1 inside the band, falling to 0 half a band-edge outside it;
- set-up: half for the situation, half for the task;
- fillers: 1 up to 3 per minute, 0 from 12 per minute;
- pace: 1 inside the range, 0 at 40 wpm outside it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.deck import Deck, Story
from star_rehearsal.core.defaults import PACE_BAND_WPM, TARGET_BAND_S
from star_rehearsal.core.scoring import delivery, fillers, shape
from star_rehearsal.core.scoring.analysed import analyse
from star_rehearsal.core.scoring.embedding import load_embedder, load_query_embedder
from star_rehearsal.core.scoring.keypoints import (
    REPLY_SIZE,
    PointMatch,
    idf_weights,
    match_points,
)
from star_rehearsal.core.scoring.matcher import Matcher, load_matcher
from star_rehearsal.core.scoring.numbers import (
    check_numbers,
    figure_mismatch,
    figures,
)
from star_rehearsal.core.scoring.point_model import PointModel
from star_rehearsal.core.scoring.result import KeyPointResult, Score
from star_rehearsal.core.scoring.story_match import StoryIndex
from star_rehearsal.core.scoring.text import tokenize
from star_rehearsal.core.scoring.timing import TextClock
from star_rehearsal.core.transcript import Transcript

if TYPE_CHECKING:  # coaching imports scoring modules
    from star_rehearsal.core.coaching.report import AudioSource

WEIGHTS = {"coverage": 60, "length": 15, "setup": 10, "fillers": 10, "pace": 5}
NO_RESULTS_FACTOR = 0.6


@functools.lru_cache(maxsize=4)
def _deck_context(stories: tuple[Story, ...]) -> tuple[dict[str, float], StoryIndex]:
    docs = [[t.norm for t in tokenize(text)] for s in stories for _, text in s.key_points]
    return idf_weights(docs), StoryIndex(stories)


def warm_up() -> bool:
    """Load the embedding model and the matcher now (off the UI thread); True when in use."""
    from star_rehearsal.core.scoring.embedding import warm_up as _warm

    used = _warm()
    if used and (matcher := load_matcher()) is not None:
        matcher.probabilities(["warm up"], ["warm up"])
    return used


def _stories_of(story: Story, deck: Deck | None) -> tuple[Story, ...]:
    """The stories an answer is read among: the deck's, with the story scored (prepare and
    score_answer must agree, as _deck_context is cached by them)."""
    stories = tuple(deck.all_stories()) if deck is not None and deck.questions else (story,)
    return stories if story in stories else (*stories, story)


def prepare(story: Story, deck: Deck | None = None) -> None:
    """Do the per-story work ahead of time (deck statistics, key-point embeddings), e.g. while
    the take is being recorded, so scoring after Stop only handles the answer itself."""
    _deck_context(_stories_of(story, deck))
    embed_points = load_query_embedder()
    if embed_points is not None and story.key_points:
        embed_points([t for _, t in story.key_points])


def pre_read(
    story: Story, answer_so_far: str, should_stop: Callable[[], bool] | None = None
) -> int:
    """Scoring work on the answer so far, done during the take (see keypoints.pre_read)."""
    from star_rehearsal.core.scoring.keypoints import pre_read as read_points

    matcher = load_matcher()
    embed = load_embedder()
    if matcher is None or embed is None or not answer_so_far.strip():
        return 0
    return read_points(
        [t for _, t in story.key_points], [story.situation, story.task], answer_so_far, matcher,
        embed, should_stop,
    )  # fmt: skip


def score_answer(
    story: Story,
    transcript: Transcript,
    *,
    deck: Deck | None = None,
    target_band: tuple[float, float] = TARGET_BAND_S,
    pace_range: tuple[float, float] = PACE_BAND_WPM,
    duration_s: float | None = None,
    use_embeddings: bool = True,
    point_model: PointModel | None = None,
    matcher: Matcher | None = None,
    audio: AudioSource | None = None,  # the recording: adds the voice
) -> Score:
    """`point_model` and `matcher` default to the shipped ones; benchmarks pass those fitted
    without the writer being scored."""
    idf, index = _deck_context(_stories_of(story, deck))
    text = transcript.text
    answer = analyse(text)  # split once; every part below reads its own view of it
    duration, estimated = delivery.duration_of(transcript, duration_s, answer.spoken_words)
    clock = TextClock(transcript, duration, answer)
    embed = load_embedder() if use_embeddings and text.strip() else None
    qembed = load_query_embedder() if embed is not None else None
    if embed is None:
        matcher = None
    elif matcher is None:
        matcher = load_matcher()

    told = index.best(answer, story.id) if text.strip() else None
    points = story.key_points
    matches = match_points(
        [t for _, t in points], answer, idf, embed, qembed, kinds=[k for k, _ in points],
        matcher=matcher, model=point_model, rivals=[story.situation, story.task],
        elsewhere=told.elsewhere if told else 0.0,
        answer_size=REPLY_SIZE if story.follow_up else None,
    )  # fmt: skip
    matches = [
        _require_end_figure(point, m, text) for (_, point), m in zip(points, matches, strict=True)
    ]
    key_points = []
    for (kind, point), m in zip(points, matches, strict=True):
        start = end = None
        evidence = ""
        if m.span is not None:
            evidence = text[m.span[0] : m.span[1]]
            if clock.timed:
                start, end = clock.span(*m.span)
        shown = m.covered or m.unsure  # an unsure point keeps its best evidence to listen to
        key_points.append(
            KeyPointResult(kind, point, m.covered, m.confidence,
                           evidence if shown else "", start if shown else None,
                           end if shown else None, m.span if shown else None, m.unsure,
                           m.not_done if shown else None)
        )  # fmt: skip
    key_points = [_check_figure(k, text) for k in key_points]

    sentences = clock.sentences()
    opening_text = answer.prefix(shape.opening_end(sentences, text))
    situation = shape.set_up(story.situation, opening_text, shape._SITUATION_CUE, idf)
    task = shape.set_up(story.task, opening_text, shape._TASK_CUE, idf)
    spans = [(k.kind, k.span) for k in key_points if k.covered and k.span]
    seconds = shape.part_seconds(sentences, spans)

    found_fillers = fillers.find_fillers(answer)
    minutes = max(duration, 1.0) / 60.0
    by_word: dict[str, int] = {}
    for f in found_fillers:
        by_word[f.word] = by_word.get(f.word, 0) + 1
    filler_items = []
    for f in found_fillers:
        item: dict[str, Any] = {"word": f.word, "span": [f.start_char, f.end_char]}
        if clock.timed:
            item["start"] = round(clock.at(f.start_char), 2)
        filler_items.append(item)
    per_minute = len(found_fillers) / minutes

    words = answer.spoken_words
    wpm = (
        delivery.words_per_minute(transcript, duration, words)
        if not estimated
        else delivery.ESTIMATE_WPM
    )

    acts = [k.covered for k in key_points if k.kind == "action"]
    ress = [k.covered for k in key_points if k.kind == "result"]
    a_share = sum(acts) / len(acts) if acts else 1.0
    r_share = sum(ress) / len(ress) if ress else 1.0
    coverage = 0.5 * a_share + 0.5 * r_share
    if ress and not any(ress):
        coverage *= NO_RESULTS_FACTOR
    parts = {
        "coverage": coverage,
        "length": delivery.length_score(duration, target_band),
        "setup": 0.5 * situation + 0.5 * task,
        "fillers": min(1.0, max(0.0, 1 - (per_minute - 3) / 9)),
        "pace": delivery.pace_score(wpm, pace_range),
    }
    if not words:
        parts = dict.fromkeys(parts, 0.0)
    overall = round(sum(WEIGHTS[k] * v for k, v in parts.items()))

    data: dict[str, Any] = {
        "star": {"situation": situation, "task": task, "seconds": seconds},
        "numbers": check_numbers([(k.text, k.span) for k in key_points if k.kind == "result"], text),
        "length": delivery.length_verdict(duration, target_band),
        "words": words,
        "words_per_minute": round(wpm, 1),
        "pace": {"range": list(pace_range), "verdict": _pace_verdict(wpm, pace_range)},
        "pauses": delivery.pauses(transcript),
        "fillers": {"count": len(found_fillers), "per_minute": round(per_minute, 2),
                    "by_word": by_word, "items": filler_items},
        "told_story": {"id": told.id if told else story.id,
                       "similarity": told.similarity if told else 0.0,
                       "target_similarity": told.target_similarity if told else 0.0},
        "components": {k: round(v, 3) for k, v in parts.items()},
        "matching": "lexical+embeddings" if embed is not None else "lexical",
        "matcher": matcher is not None,  # the trained cross-encoder read the answer
    }  # fmt: skip
    from star_rehearsal.core.coaching import coach  # here: coaching imports scoring modules

    data["coaching"] = coach(story, answer, sentences, shape.part_labels(sentences, spans),
                             key_points, timed=clock.timed,
                             audio=audio)  # fmt: skip
    from star_rehearsal.core.coaching.openings import ends_of_answer, pet_phrases

    labels = [p["part"] for p in data["coaching"]["parts"]]
    data["openings"] = ends_of_answer(sentences, labels, timed=clock.timed)  # first 15 s, last 10 s
    data["pet_phrases"] = pet_phrases(text, duration)
    return Score.built(story.id, overall, duration, estimated, tuple(key_points), data)


def _require_end_figure(point: str, match: PointMatch, answer: str) -> PointMatch:
    """ "p95 fell from 800 ms to 300 ms" is covered only if the new figure is said near the
    evidence: restating the starting point (often part of the Situation) is not the result."""
    expected = figures(point)
    if not match.covered or len(expected) < 2 or match.span is None:
        return match
    low, high, _ = expected[-1]
    a, b = max(0, match.span[0] - 150), min(len(answer), match.span[1] + 150)
    tolerance = 0.15 * max(abs(high), 1.0)
    if any(lo <= high + tolerance and hi >= low - tolerance for lo, hi, _ in figures(answer[a:b])):
        return match
    return replace(match, covered=False, confidence=round(min(match.confidence, 0.45), 3))


def _check_figure(point: KeyPointResult, answer: str) -> KeyPointResult:
    """A covered point whose figure was said wrong is not ticked: listen and check the figure."""
    wrong = figure_mismatch(point.text, answer, point.span) if point.covered else None
    if wrong is None:
        return point
    confidence = round(min(point.confidence, 0.45), 3)
    return replace(point, covered=False, unsure=True, confidence=confidence, figure_mismatch=wrong)


def _pace_verdict(wpm: float, pace: tuple[float, float]) -> str:
    if wpm < pace[0]:
        return "slow"
    if wpm > pace[1]:
        return "fast"
    return "good"
