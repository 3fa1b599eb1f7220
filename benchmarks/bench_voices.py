"""Scoring quality through two voices: every labelled answer as text, spoken by espeak-ng, and
spoken by Piper's en_US joe (a neural voice), each transcribed by the app's tiny.en engine and
scored by the app's scorer, each writer held out (issue #27, item 3).

    bash benchmarks/make_voice_venv.sh          # once: Piper in its own venv (benchmarks/out)
    .venv/bin/python benchmarks/bench_voices.py [--only WRITER ...] [--table-only] [--out FILE]

Held-out protocol as bench_scoring.py: the point model fitted WITHOUT the writer
(fit_point_model.held_out_model: weights and threshold) and the matcher tuned without it (fit_point_model.matcher_for);
where that held-out matcher was not built (benchmarks/out, make_writer_matchers.sh), the shipped
matcher, which is held out only for fit_point_model.MATCHERS_NEVER_SAW and optimistic for the
others: the table says which. Each writer's figures are kept in benchmarks/out/voices/results/
with the commit they were measured on, so writers can be run one at a time (the table is made
from all of them); audio and transcripts are cached (voices.py), so a rerun only scores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, wer
from fit_point_model import (
    MATCHERS_NEVER_SAW,
    MODEL_FILE,
    held_out_model,
    labelled_answers,
    matcher_for,
    prf,
    writer_sets,
)
from voices import CACHE, VOICES, synthesize, transcript

MODES = ("text", *VOICES)
RESULTS = CACHE / "results"


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True
    ).stdout.strip()


def scorer_state() -> str:
    """The commit measured, and whether the scorer's files differed from it on disk."""
    dirty = git("status", "--porcelain", "--", "desktop/star_rehearsal/core/scoring")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted scorer edits" if dirty else "")


def matcher_and_kind(deck: Path, writer: str) -> tuple[object, str]:
    from star_rehearsal.core.scoring.matcher import load_matcher

    try:
        return matcher_for(deck, writer), "held out"
    except SystemExit:  # the held-out matcher was not built here
        kind = "shipped, never saw it" if writer in MATCHERS_NEVER_SAW else "shipped (optimistic)"
        return load_matcher(), kind


def evaluate(writer: str, deck_path: Path, answers_path: Path) -> dict[str, object]:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcript import Transcript

    model = held_out_model(json.loads(MODEL_FILE.read_text()), writer)  # weights and threshold
    deck = load_deck(deck_path)
    matcher, kind = matcher_and_kind(deck_path, writer)
    answers = labelled_answers(deck, answers_path)
    t0 = time.perf_counter()
    synthesize([a["text"] for a, _ in answers], "piper")  # one Piper process for the writer
    out: dict[str, object] = {"writer": writer, "n": len(answers), "matcher": kind,
                              "commit": scorer_state(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip
    for mode in MODES:
        tp = fp = fn = 0
        wers: list[float] = []
        for a, story in answers:
            if mode == "text":
                heard = Transcript.from_text(a["text"])
            else:
                heard = transcript(a["text"], mode, story)
                wers.append(wer(a["text"], heard.text))  # type: ignore[attr-defined]
            score = score_answer(story, heard, deck=deck, point_model=model, matcher=matcher)  # type: ignore[arg-type]
            for point, label in zip(score.key_points, a["actions"] + a["results"], strict=True):
                tp += point.covered and label
                fp += point.covered and not label
                fn += (not point.covered) and label
        out[mode] = {"counts": [tp, fp, fn], "wer": sum(wers) / len(wers) if wers else None}
        print(f"{writer} {mode}: P/R/F1 " + " / ".join(f"{v:.3f}" for v in prf(tp, fp, fn))
              + (f", WER {out[mode]['wer']:.3f}" if wers else ""), flush=True)  # type: ignore[index]  # fmt: skip
    out["seconds"] = round(time.perf_counter() - t0)
    return out


def table(results: list[dict]) -> list[str]:
    """Weakest writer (F1 as text) first, then all writers pooled, per input."""
    results = sorted(results, key=lambda r: prf(*r["text"]["counts"])[2])
    lines = ["| writer (held out) | matcher | answers | input | precision | recall | F1 | "
             "tiny.en WER vs text |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        for mode in MODES:
            p, rc, f = prf(*r[mode]["counts"])
            w = r[mode]["wer"]
            lines.append(f"| {r['writer']} | {r['matcher']} | {r['n']} | {mode} | {p:.3f} | "
                         f"{rc:.3f} | {f:.3f} | {'—' if w is None else f'{w:.3f}'} |")  # fmt: skip
    n = sum(r["n"] for r in results)
    for mode in MODES:
        c = [sum(r[mode]["counts"][i] for r in results) for i in range(3)]
        w = [r[mode]["wer"] * r["n"] for r in results if r[mode]["wer"] is not None]
        p, rc, f = prf(*c)  # type: ignore[arg-type]
        mean = f"{sum(w) / n:.3f}" if w else "—"
        lines.append(
            f"| **all above, pooled** | | {n} | {mode} | {p:.3f} | {rc:.3f} | **{f:.3f}** | {mean} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="writers to run (default: all present)")
    parser.add_argument("--table-only", action="store_true", help="only rewrite the table")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/scoring-voices.md")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.table_only:
        from star_rehearsal.core.scoring import warm_up

        warm_up()
        for writer, deck, answers in writer_sets():
            if args.only and writer not in args.only:
                continue
            r = evaluate(writer, deck, answers)
            (RESULTS / f"{writer.replace('/', '-')}.json").write_text(json.dumps(r, indent=1))
    results = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))]
    lines = table(results)
    print("\n".join(lines))
    args.out.write_text("\n".join(header(results) + lines + footer(results)) + "\n")


def header(results: list[dict]) -> list[str]:
    weakest = min(results, key=lambda r: prf(*r["text"]["counts"])[2])
    lead = "; ".join(
        f"{mode} " + " / ".join(f"{v:.3f}" for v in prf(*weakest[mode]["counts"])) for mode in MODES
    )
    return ["# Scoring through two voices: espeak-ng and Piper", "",
            f"Weakest writer held out: **{weakest['writer']}**, P / R / F1 {lead}.", "",
            "Each labelled answer scored as text, spoken by espeak-ng (en-us, 155 wpm) and spoken "
            "by Piper (en_US joe medium, a neural voice: `../shared/recipes/neural-voice.md`), both "
            "at 16 kHz mono as the app records, transcribed by the app's tiny.en engine with the "
            "story prompt, and scored by the app's scorer with the point model fitted without the "
            "writer. 'matcher' says whether the matcher scoring a writer was tuned without it "
            "('held out'), or is the shipped one: it never saw authors-e, authors-f and "
            "sample-answers-5, but was tuned on the other writers' answers ('optimistic'). WER: "
            "tiny.en's transcript against the answer's text (mean per answer, normalised as "
            "benchmarks/common.py). Weakest writer (F1 as text) first.", "",
            "    bash benchmarks/make_voice_venv.sh   # Piper in its own venv, benchmarks/out/",
            "    .venv/bin/python benchmarks/bench_voices.py [--only WRITER ...]", ""]  # fmt: skip


def footer(results: list[dict]) -> list[str]:
    runs = sorted({(r["commit"], r["date"]) for r in results})
    done = {r["writer"] for r in results}
    missing = [w for w, _, _ in writer_sets() if w not in done]
    if missing:
        runs_left = ["", "Not measured yet (run them with --only): " + ", ".join(missing) + "."]
    else:
        runs_left = []
    return ["", "Measured " + "; ".join(f"on {c} at {d}" for c, d in runs) + ". The scorer is "
            "being changed (issue #27 items 1-2): these figures are for the commit named, and "
            "move with it; rerun (transcripts are cached, so only scoring is redone). Load "
            f"average at writing {os.getloadavg()[0]:.1f} (2 shared cores).", *runs_left]  # fmt: skip


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
