"""All delivery-coaching measures of one answer: the `coaching` key of `score --json`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from star_rehearsal.core.coaching.hedging import hedging
from star_rehearsal.core.coaching.ownership import ownership
from star_rehearsal.core.coaching.parts import coaching_parts
from star_rehearsal.core.coaching.recital import figure_checks, recital, story_passages
from star_rehearsal.core.deck import Story
from star_rehearsal.core.scoring.analysed import AnalysedAnswer
from star_rehearsal.core.scoring.delivery import TimedText

if TYPE_CHECKING:
    from star_rehearsal.core.coaching.voice import PitchTrack
    from star_rehearsal.core.scoring.coaching_parts import Coaching
    from star_rehearsal.core.scoring.result import KeyPointResult


# What the voice is read from: the recording's path, its 16 kHz samples, or the track built
# during the take (PitchStream).
AudioSource: TypeAlias = "np.ndarray | Path | str | PitchTrack"


def coach(
    story: Story,
    text: str | AnalysedAnswer,
    sentences: Sequence[TimedText],
    parts: Sequence[str],
    key_points: Sequence[KeyPointResult],
    *,
    timed: bool,
    audio: AudioSource | None = None,
) -> dict[str, Any]:
    """Text measures always; voice only when the recording is at hand (and readable)."""
    started = time.perf_counter()
    spans = [(p.kind, p.span) for p in key_points if p.covered and p.span]
    parts = coaching_parts(sentences, parts, spans)
    out: dict[str, Any] = {
        "parts": [{"part": p, "span": [s.start_char, s.end_char]}
                  for s, p in zip(sentences, parts, strict=True)],
        "ownership": ownership(sentences, parts, story, timed=timed).to_json(),
        "hedging": hedging(sentences, parts, timed=timed),
        "recital": recital(text, story_passages(story)),
        "figures": figure_checks(
            [p.text for p in key_points if p.kind == "result"],
            [s.text for s, p in zip(sentences, parts, strict=True) if p == "results"],
        ),
        "voice": None,
    }  # fmt: skip
    if audio is not None:
        results = [(p.text, float(p.start), float(p.end))
                   for p in key_points
                   if p.kind == "result" and p.covered and p.start is not None and p.end is not None]  # fmt: skip
        try:
            from star_rehearsal.core.coaching.voice import analyse

            out["voice"] = analyse(audio, results)
        except Exception as exc:  # the words are still worth coaching on without the voice
            out["voice"] = {"error": f"the voice could not be analysed: {exc}"}
    out["seconds"] = round(time.perf_counter() - started, 3)
    return out


def summary_lines(coaching: Coaching | None) -> list[str]:
    """The coaching in a few plain lines (`star-rehearsal score` without --json)."""
    if coaching is None or not coaching.to_json():
        return []
    own, hedge, rec = coaching.ownership, coaching.hedging, coaching.recital
    per = ", ".join(f"{k[0].upper()} {v}" for k, v in hedge.per_part.items())
    lines = [
        f"Ownership in Actions: I ×{own.singular}, we ×{own.plural} ({own.verdict})",
        f"Hedges: {hedge.count} ({per})",
        *hedge.callouts,
        f"Wording: {rec.verdict} ({rec.recited_share:.0%} recited)",
        *(f"Check this figure: said {f.said}, story has {', '.join(f.expected)}"
          for f in coaching.figures),
    ]  # fmt: skip
    v = coaching.voice
    pitch = v.pitch if v is not None else None
    if v is not None and pitch is not None and pitch.range_st is not None:
        lines.append(f"Voice: pitch range {pitch.range_st:.1f} st ({pitch.verdict})"
                     f", {len(v.monotone)} monotone stretch(es)")  # fmt: skip
        lines += [f"  result “{r.point}”: {r.verdict} lift" for r in v.results]
    return lines
