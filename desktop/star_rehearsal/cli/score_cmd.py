"""`star-rehearsal score`: score an answer (a transcript or a recording) against its story."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.cli.common import add_data_dir_option, app_settings, fail, load_story
from star_rehearsal.core.defaults import TARGET_BAND_S

if TYPE_CHECKING:
    from star_rehearsal.core.scoring.score import Score

COMMAND = "score"


class Default(float):
    """A band end nobody typed: the user's settings replace it, a typed --min/--max does not."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score an answer against its STAR story")
    p.add_argument("--deck", type=Path, required=True, help="the Markdown deck")
    p.add_argument("--story", required=True, help="story id, e.g. 'question-id/1'")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument(
        "--transcript",
        type=Path,
        help="plain text, or JSON from `star-rehearsal transcribe --json`",
    )
    src.add_argument("--audio", type=Path, help="a recording; transcribed with the default engine")
    p.add_argument("--duration", type=float, help="seconds the answer lasted")
    p.add_argument("--min", dest="target_min", type=float, default=Default(TARGET_BAND_S[0]),
                   help="band start (s)")  # fmt: skip
    p.add_argument("--max", dest="target_max", type=float, default=Default(TARGET_BAND_S[1]),
                   help="band end (s)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the score as JSON")
    p.add_argument("--settings", type=Path, default=argparse.SUPPRESS,
                   help="judge as the app does with these settings (band, pace, engine, model)")  # fmt: skip
    add_data_dir_option(p, help="the app's data folder: judge with the app's settings "
                                "(--settings, or the default settings file)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.services.scoring import score_audio, score_transcript

    loaded = load_story(COMMAND, args.deck, args.story)
    if isinstance(loaded, int):
        return loaded
    deck, story = loaded
    judging = _judging(args)
    if args.transcript:
        try:
            raw = args.transcript.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return fail(COMMAND, f"{args.transcript}: cannot be read ({exc})", 2)
        score = score_transcript(story, _parse_transcript(raw), deck=deck, judging=judging,
                                 duration_s=args.duration)  # fmt: skip
    else:
        from star_rehearsal.core.transcription import (
            AudioFileError,
            EngineUnavailable,
            create_engine,
        )

        try:
            engine = create_engine(judging.engine, judging.model)
            _, score = score_audio(engine, args.audio, story, deck=deck, judging=judging,
                                   duration_s=args.duration)  # fmt: skip
        except (AudioFileError, EngineUnavailable) as exc:
            return fail(COMMAND, str(exc), 2)
    if args.json:
        print(json.dumps(score.to_json(), indent=2, ensure_ascii=False))
    else:
        print(report(score, story.title))
    return 0


def _judging(args: argparse.Namespace) -> Any:
    """The defaults; the user's settings when --settings or --data-dir says whose; --min and
    --max over either."""
    from dataclasses import replace

    from star_rehearsal.services.scoring import Judging

    judging = Judging()
    if getattr(args, "settings", None) or getattr(args, "data_dir", None):
        judging = Judging.of(app_settings(args)[1])
    low, high = judging.band
    band = (low if isinstance(args.target_min, Default) else args.target_min,
            high if isinstance(args.target_max, Default) else args.target_max)  # fmt: skip
    return replace(judging, band=band)


def _parse_transcript(raw: str) -> Any:
    from star_rehearsal.core.transcript import Transcript

    stripped = raw.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
            if isinstance(data, dict) and "text" in data:
                return Transcript.from_json(data)
        except ValueError:
            pass
    return Transcript.from_text(raw)


def report(s: Score | dict[str, Any], title: str) -> str:
    """`score` without --json: the typed score in plain lines (a score's JSON is read first)."""
    from star_rehearsal.core.coaching.report import summary_lines
    from star_rehearsal.core.scoring.score import Score

    score = s if isinstance(s, Score) else Score.from_json(s)
    lines = [f"{title}: {score.overall}/100"]
    est = " (estimated from the words)" if score.duration_estimated else ""
    length = score.length
    low, high = length.target or (0.0, 0.0)
    lines.append(f"Length {round(score.duration_s, 2):.0f} s{est}: {length.verdict} "
                 f"(target {low:.0f}–{high:.0f} s)")  # fmt: skip
    for k in score.key_points:
        mark = "✔" if k.covered else "✘"
        said = f'  — "{k.evidence}"' if k.covered and k.evidence else ""
        if wrong := k.figure_mismatch:  # said with a figure that contradicts the story
            said = (
                f"  — check this figure: said {wrong.said}, story has {', '.join(wrong.expected)}"
            )
        lines.append(f"  {mark} {k.kind:<6} {k.text}{said}")
    star = score.star
    secs = ", ".join(f"{v:.0f} s {k}" for k, v in star.seconds.items())
    lines.append(f"Situation set up: {'yes' if star.situation else 'no'}; "
                 f"task: {'yes' if star.task else 'no'}; {secs}")  # fmt: skip
    f = score.fillers
    words = ", ".join(f"{w} ×{n}" for w, n in f.by_word.items()) or "none"
    lines.append(f"Pace {score.words_per_minute:.0f} wpm; fillers {f.count} "
                 f"({f.per_minute:.1f}/min): {words}")  # fmt: skip
    if score.pauses:
        lines.append(f"Long pauses: {len(score.pauses)}")
    if score.told_story.id != score.story_id:
        lines.append(f"This sounds like another story: {score.told_story.id}")
    lines += summary_lines(score.coaching)
    return "\n".join(lines)
