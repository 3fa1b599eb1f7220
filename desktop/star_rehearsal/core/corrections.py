"""The user's word on a take: a corrected transcript, "I said this" / "I didn't say this" on a
key point, and the story the answer really told. Pure functions here (no store, no Qt); saving
them is `core.correction_store`.

Why the score is rewritten rather than annotated: the History, the schedule, the dashboard and
the reports all read a take's stored score, so the user's call must be in it. What the scorer
said first is kept beside it (`data["user"]["scorer_overall"]` and the corrections table)."""

from __future__ import annotations

import difflib
import string
from dataclasses import replace
from typing import Any

from star_rehearsal.core.scoring.score import NO_RESULTS_FACTOR, WEIGHTS, KeyPointResult, Score
from star_rehearsal.core.transcript import Segment, Transcript, Word

USER_KEY = "user"  # the score JSON's key for the user's corrections (an extension of the shape)


def user_info(score: Score | dict[str, Any]) -> dict[str, Any]:
    """What the user changed on this take ({} when nothing): calls, transcript_edited,
    original_text, story_chosen, scorer_overall."""
    data = score.data if isinstance(score, Score) else score
    info = data.get(USER_KEY)
    return dict(info) if isinstance(info, dict) else {}


def calls_of(score: Score | dict[str, Any]) -> dict[str, bool]:
    """The user's call per key point text: True "I said this", False "I didn't say this"."""
    return {str(k): bool(v) for k, v in (user_info(score).get("calls") or {}).items()}


def _coverage(points: tuple[KeyPointResult, ...]) -> float:
    """The scorer's coverage formula (core.scoring.score), over the points as now called."""
    acts = [p.covered for p in points if p.kind == "action"]
    ress = [p.covered for p in points if p.kind == "result"]
    a_share = sum(acts) / len(acts) if acts else 1.0
    r_share = sum(ress) / len(ress) if ress else 1.0
    coverage = 0.5 * a_share + 0.5 * r_share
    if ress and not any(ress):
        coverage *= NO_RESULTS_FACTOR
    return coverage


def overrule(score: Score, calls: dict[str, bool], **user: Any) -> Score:
    """The score with the user's calls applied (covered as they say, no longer unsure) and the
    overall recomputed from the parts; `user` adds what else was corrected (kept in the JSON)."""
    calls = {t: s for t, s in calls.items() if any(p.text == t for p in score.key_points)}
    points = tuple(
        replace(p, covered=calls[p.text], unsure=False, confidence=1.0 if calls[p.text] else 0.0)
        if p.text in calls
        else p
        for p in score.key_points
    )
    components = {k: float(v) for k, v in (score.data.get("components") or {}).items()}
    overall = score.overall
    if calls and components:
        components["coverage"] = round(_coverage(points), 3)
        overall = round(sum(WEIGHTS[k] * components.get(k, 0.0) for k in WEIGHTS))
    info = {**user, "calls": calls, "scorer_overall": score.overall}
    changed = replace(score, overall=overall, key_points=points)
    return changed.with_data(components=components, **{USER_KEY: info})


def _norm(token: str) -> str:
    return token.strip().strip(string.punctuation + "“”‘’").lower()


def retime(transcript: Transcript, text: str) -> Transcript:
    """The transcript with the user's wording: words left as they were keep their timings;
    a changed stretch shares the time of the words it replaces; inserted words sit in the gap
    where they were typed. Segments keep their bounds (a stored transcript is re-read by them)."""
    tokens = text.split()
    old = transcript.words
    if not old:  # untimed (typed, or an engine without word times): only the text changes
        segments = transcript.segments
        if segments:
            segments = (Segment(segments[0].start, segments[-1].end, " ".join(tokens)),)
        return replace(transcript, text=" ".join(tokens), segments=segments)
    matcher = difflib.SequenceMatcher(None, [_norm(w.text) for w in old],
                                      [_norm(t) for t in tokens], autojunk=False)  # fmt: skip
    words: list[Word] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            words += [replace(w, text=t) for w, t in zip(old[i1:i2], tokens[j1:j2], strict=True)]
            continue
        if j1 == j2:  # deleted words: their time becomes a pause
            continue
        if i2 - i1 == j2 - j1:  # word for word: each keeps the time of the one it replaces
            words += [
                Word(w.start, w.end, t, 1.0) for w, t in zip(old[i1:i2], tokens[j1:j2], strict=True)
            ]
            continue
        if i1 < i2:
            start, end = old[i1].start, old[i2 - 1].end
        else:  # inserted between two words
            start = old[i1 - 1].end if i1 > 0 else max(0.0, old[0].start - 0.3)
            end = old[i1].start if i1 < len(old) else start + 0.3 * (j2 - j1)
            end = max(end, start)
        step = (end - start) / (j2 - j1)
        words += [Word(start + k * step, start + (k + 1) * step, t, 1.0)
                  for k, t in enumerate(tokens[j1:j2])]  # fmt: skip
    return replace(transcript, text=" ".join(tokens), segments=_regroup(transcript.segments, words))


def _regroup(segments: tuple[Segment, ...], words: list[Word]) -> tuple[Segment, ...]:
    """Words back into the segment whose time holds them (the nearest one before otherwise),
    each kept inside its segment's bounds so a stored copy reads back the same."""
    if not segments:
        return (Segment(words[0].start, words[-1].end, " ".join(w.text for w in words),
                        tuple(words)),) if words else ()  # fmt: skip
    groups: list[list[Word]] = [[] for _ in segments]
    for w in words:
        at = 0
        for i, s in enumerate(segments):
            if s.start - 0.01 <= w.start:
                at = i
        s = segments[at]
        start = min(max(w.start, s.start), max(s.start, s.end - 0.02))
        groups[at].append(replace(w, start=start, end=max(start, min(w.end, s.end))))
    return tuple(
        Segment(s.start, s.end, " ".join(w.text for w in group), tuple(group))
        for s, group in zip(segments, groups, strict=True)
        if group
    )
