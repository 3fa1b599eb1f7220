"""`star-rehearsal best`: a story's best answer in the user's own words, from their takes; with
`--reel OUT.wav`, the same sentences in their own voice."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import Any

from star_rehearsal.cli.common import (
    add_data_dir_option,
    app_data_dir,
    app_settings,
    fail,
    load_story,
)
from star_rehearsal.core.wording import count

COMMAND = "best"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("best", help="a story's best answer in your own words (and voice)")
    p.add_argument("--deck", type=Path, required=True, help="the Markdown deck")
    p.add_argument("--story", required=True, help="story id, e.g. 'question-id/1'")
    add_data_dir_option(p, help="data folder (default: the app's)")
    p.add_argument("--min", dest="target_min", type=float, help="band start (s; default: settings)")
    p.add_argument("--max", dest="target_max", type=float, help="band end (s; default: settings)")
    p.add_argument("--reel", type=Path, metavar="OUT.wav", help="also write the reel as a WAV")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.takes import DB_NAME

    loaded = load_story(COMMAND, args.deck, args.story)
    if isinstance(loaded, int):
        return loaded
    _deck, story = loaded
    _, settings = app_settings(args)
    data_dir = app_data_dir(args, settings)
    band = (args.target_min if args.target_min is not None else settings.target_band[0],
            args.target_max if args.target_max is not None else settings.target_band[1])  # fmt: skip
    if band[0] >= band[1]:
        return fail(COMMAND, f"the band {band[0]:g}–{band[1]:g} s is empty", 2)
    if args.reel is not None and args.reel.suffix.lower() != ".wav":
        return fail(COMMAND, "give --reel FILE.wav", 2)
    if not (data_dir / DB_NAME).is_file():
        return fail(COMMAND, f"the story '{story.title}' was never practised: no takes in "
                    f"{data_dir} (pass --data-dir PATH)", 1)  # fmt: skip
    try:
        summary = best_summary(story, data_dir, band)
    except LookupError as exc:
        return fail(COMMAND, str(exc), 1)
    except (RuntimeError, OSError, sqlite3.Error) as exc:
        return fail(COMMAND, f"cannot read {data_dir / DB_NAME}: {exc}", 2)
    out = summary.to_json()
    if args.reel is not None:
        from star_rehearsal.core.practice.reel import build_reel

        try:
            out["reel"] = build_reel(summary.script, args.reel).to_json()
        except (RuntimeError, OSError) as exc:  # the takes are only read: nothing is lost
            return fail(COMMAND, f"cannot write the reel to {args.reel}: {exc}", 2)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(report(out))
    return 0


def best_summary(story: Any, data_dir: Path, band: tuple[float, float]) -> Any:
    """Script, point history and pet phrases of one story (`best --json` without the reel)."""
    from star_rehearsal.core.practice.best_summary import summarise
    from star_rehearsal.core.takes import TakesStore

    store = TakesStore(data_dir)
    try:
        takes = store.list_takes()
    finally:
        store.close()
    return summarise(story, takes, band)


def report(out: dict) -> str:
    """The script for reading aloud, then what was cut, the history's gaps and pet phrases."""
    lo, hi = out["band"]
    lines = [f"{out['title']}: best answer from {count(out['takes'], 'take')}, "
             f"~{out['seconds']:.0f} s "
             f"at {out['pace_wpm']:.0f} wpm (band {lo:g}–{hi:g} s)", ""]  # fmt: skip
    for line in out["lines"]:
        note = f"   ({line['note']})" if line["note"] else ""
        lines.append(f"[{line['part'][0].upper()}] {line['text']}{note}")
    if out["seconds"] < lo:
        lines += ["", f"Short of the band by {lo - out['seconds']:.0f} s: say the results more "
                  "fully (the figure, who it helped, what changed after)."]  # fmt: skip
    if out["cut"]:
        lines += ["", "Cut to fit (lowest value first):"]
        lines += [f"  - {c['text']} ({c['seconds']:.0f} s)" for c in out["cut"]]
    never = out["history"]["never_said"]
    if never:
        lines += ["", "Never said in any take:"] + [f"  - {t}" for t in never]
    if out["drill"]["prompt"]:
        lines += ["", out["drill"]["prompt"]]
    pets = out["pet_phrases"]["pets"]
    if pets:
        counts = {i["phrase"]: i for i in out["pet_phrases"]["items"]}
        said = ", ".join(
            f"“{p}” ×{counts[p]['count']} in {count(counts[p]['takes'], 'take')}" for p in pets
        )
        lines += ["", f"Pet phrases: {said}."]
    if "reel" in out:
        r = out["reel"]
        lines += ["", f"Reel: {r['path']} ({r['duration_s']:.0f} s, {len(r['pieces'])} sentences)"]
        lines += [f"  skipped: {s['text']} ({s['why']})" for s in r["skipped"]]
    return "\n".join(lines)
