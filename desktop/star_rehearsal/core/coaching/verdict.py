"""The verdict at the top of a review (issue 30, item 2): one sentence and the two fixes worth
the most points, chosen from what the score measured — never praise for a take nobody spoke in.

Each weakness is priced in the points of the overall it cost (the scorer's own weights), so
"you never landed a result" (up to 42 points) outranks "a little fast" (at most 5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.scoring.score import NO_RESULTS_FACTOR, WEIGHTS

if TYPE_CHECKING:
    from star_rehearsal.core.review import Review

STRONG = 0.75  # share of actions (or a part's score) that counts as a strength
SHORT_QUOTE = 70  # characters of a story's wording quoted in a fix


@dataclass(frozen=True)
class Verdict:
    sentence: str
    fixes: tuple[str, ...]  # at most two, the most valuable first


def _quote(text: str) -> str:
    """The story's wording, cut at a clause if long: what to say next time."""
    text = text.strip().rstrip(".")
    if len(text) <= SHORT_QUOTE:
        return f"“{text}”"
    cut = re.split(r"[;,]| and ", text)[0].strip()
    return f"“{cut if 12 <= len(cut) <= SHORT_QUOTE else text[:SHORT_QUOTE].rsplit(' ', 1)[0]}…”"


def _has_figure(text: str) -> bool:
    return bool(re.search(r"\d|\b(zero|one|two|three|four|five|ten|half)\b", text, re.I))


def _weaknesses(review: Review) -> list[tuple[float, str, str]]:
    """(points lost, what went wrong, the fix) for each measured weakness."""
    points = review.score.key_points
    acts = [p for p in points if p.kind == "action"]
    ress = [p for p in points if p.kind == "result"]
    a_share = sum(p.covered for p in acts) / len(acts) if acts else 1.0
    r_share = sum(p.covered for p in ress) / len(ress) if ress else 1.0
    cov = WEIGHTS["coverage"]
    out: list[tuple[float, str, str]] = []
    missed_r = [p for p in ress if not p.covered]
    if missed_r:
        lost = cov * 0.5 * (1 - r_share)
        none = r_share == 0
        if none:
            lost += cov * (1 - NO_RESULTS_FACTOR) * 0.5 * a_share
        best = sorted(missed_r, key=lambda p: not _has_figure(p.text))[0]
        what = "you never landed a result" if none else "a result went unsaid"
        out.append((lost, what, f"Land the result: say {_quote(best.text)}"))
    missed_a = [p for p in acts if not p.covered]
    if missed_a:
        n = len(missed_a)
        what = ("most actions went unsaid" if a_share < 0.5
                else "an action went unsaid" if n == 1 else f"{n} actions went unsaid")  # fmt: skip
        out.append((cov * 0.5 * (1 - a_share), what, f"Add the action {_quote(missed_a[0].text)}"))
    parts = review.components
    band = review.band
    verdict = review.length_verdict
    if verdict in ("short", "long"):
        fix = (
            f"Keep it under {band[1]:.0f} s: cut the set-up to two sentences"
            if verdict == "long"
            else f"Reach {band[0]:.0f} s: say what you did and what changed, with figures"
        )
        out.append((WEIGHTS["length"] * (1 - parts.get("length", 1.0)), f"too {verdict}", fix))
    setup = review.setup
    if min(setup.values(), default=1.0) < 0.5:
        part = "situation" if setup.get("situation", 1.0) < 0.5 else "task"
        story = review.story
        wording = str(getattr(story, part, "") or "") if story is not None else ""
        fix = f"Open with the {part}" + (f": {_quote(wording)}" if wording else "")
        out.append((WEIGHTS["setup"] * (1 - parts.get("setup", 1.0)), f"no clear {part}", fix))
    if parts.get("fillers", 1.0) < 1.0:
        top = max(review.fillers_by_word.items(), key=lambda kv: kv[1], default=("um", 0))
        fix = f"Pause instead of “{top[0]}” (×{top[1]})"
        out.append((WEIGHTS["fillers"] * (1 - parts["fillers"]), "fillers", fix))
    if review.pace_verdict in ("fast", "slow"):
        lo, hi = review.pace_range
        wpm = review.words_per_minute
        fix = f"{'Slow down' if wpm > hi else 'Speed up'} to {lo:.0f}–{hi:.0f} wpm (now {wpm:.0f})"
        lost = max(WEIGHTS["pace"] * (1 - parts.get("pace", 1.0)), 0.5)  # always worth a word
        out.append((lost, f"{review.pace_verdict} pace", fix))
    return sorted(out, key=lambda w: -w[0])


def _strength(review: Review) -> str:
    points = review.score.key_points
    acts = [p for p in points if p.kind == "action"]
    ress = [p for p in points if p.kind == "result"]
    if ress and all(p.covered for p in ress):
        return "Every result landed"
    if acts and sum(p.covered for p in acts) / len(acts) >= STRONG:
        return "Strong actions"
    if min(review.setup.values(), default=0.0) >= 0.5:
        return "A clear set-up"
    if review.length_verdict == "on target":
        return "Length on target"
    return ""


def verdict_of(review: Review) -> Verdict:
    """One sentence and up to two fixes for the review's take."""
    if review.near_silent:
        return Verdict(
            "Nothing to judge: little or no voice was heard in this take.",
            ("Check the microphone in Settings (the level test shows if it hears you)",
             "Record the answer again"),
        )  # fmt: skip
    weak = _weaknesses(review)
    strength = _strength(review)
    if not weak or weak[0][0] < 1.0:
        head = f"{strength}; a complete answer" if strength else "A complete answer"
        fixes = tuple(fix for _, _, fix in weak[:2]) or ("Keep it this way: try it cold tomorrow",)
        return Verdict(f"{head} — {review.overall}/100.", fixes)
    worst = weak[0][1]
    sentence = f"{strength}; {worst}." if strength else f"{worst[0].upper()}{worst[1:]}."
    return Verdict(sentence, tuple(fix for _, _, fix in weak[:2]))


def report_lines(score: dict[str, Any], transcript: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The verdict and the coaching of a stored take for the Markdown reports (they left the
    coaching out, issue 30): (list marker, plain text) pairs, so the report escapes the text
    and keeps its own list markers. [] when the score cannot be read back."""
    from star_rehearsal.core.coaching.report import summary_lines
    from star_rehearsal.core.defaults import TARGET_BAND_S
    from star_rehearsal.core.review import Review, take_band
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.transcript import Transcript

    try:
        parsed = Score.from_json(score)
        heard = Transcript.from_json(transcript) if transcript else Transcript.from_text("")
    except (KeyError, TypeError, ValueError):
        return []
    review = Review(parsed, heard, None, None, None, "", None, take_band(parsed, TARGET_BAND_S))
    lines: list[tuple[str, str]] = []
    if transcript:  # with no transcript stored, what was heard is unknown: no verdict on it
        verdict = verdict_of(review)
        lines = [("", f"Verdict: {verdict.sentence} Fix first:")]
        lines += [(f"{i}. ", fix) for i, fix in enumerate(verdict.fixes, 1)]
    silent = review.near_silent if transcript else False
    coaching = [] if silent else summary_lines(parsed.coaching)
    if coaching:
        lines += [("", ""), ("", "Coaching:"), ("", "")] + [("- ", line) for line in coaching]
    return lines
