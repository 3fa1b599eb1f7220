"""Transcription speed and quality, faster-whisper vs openai-whisper, on espeak-ng answers.

    .venv/bin/python benchmarks/bench_transcription.py [--out benchmarks/results/transcription.md]
        [--models tiny.en,base] [--no-openai]

`base` is Whisper base from the optional `accurate` extra (pip install .[accurate]).

Each engine runs in its own process so load time and peak RSS are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, filler_recall, speak, wer

STORY_ID = "tell-me-about-a-time-you-handled-a-production-outage/1"
ANSWERS = {
    "full (75 s)": (
        "So this was Black Friday a couple of years ago. We pushed a config change to the payment "
        "gateway client and about a third of all orders started failing at checkout. I was the "
        "incident commander, so my job was to get checkout back and keep support and leadership "
        "in the loop. The first thing I did was declare a SEV-1 and move everybody into one "
        "incident channel, so we weren't talking in five places. We rolled back the config push "
        "within twelve minutes, and I watched the error rate fall back to normal. Afterwards I "
        "added a canary stage for every gateway configuration change, and I wrote a blameless "
        "postmortem with five follow-up items, each with a named owner. Checkout recovered after "
        "nineteen minutes and we did not lose a single order. Over the next two quarters we had "
        "zero incidents caused by configuration, and the canary stage became the default for "
        "every payment change. What I took from it is that a calm, single channel matters as much "
        "as the technical fix, and that the cheapest outage is the one a canary stops."
    ),
    "with fillers (35 s)": (
        "Um, so, we had this outage on Black Friday. Uh, checkout was failing for, um, about a "
        "third of orders. So I, uh, declared a SEV-1 and, um, we rolled back the config push. "
        "Uh, checkout recovered in nineteen minutes, and, um, we lost no orders at all."
    ),
}


def child(engine_name: str, files: dict[str, str], model: str = "tiny.en") -> None:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.transcription import create_engine, load_audio, story_prompt

    story = load_deck(ROOT / "stories" / "sample-deck.md").story(STORY_ID)
    started = time.perf_counter()
    engine = create_engine(engine_name, model)
    engine.load()
    load_s = time.perf_counter() - started
    label = engine_name if model == "tiny.en" else f"{engine_name} {model}"
    out: dict[str, object] = {"engine": label, "load_s": load_s, "answers": {}}
    for name, path in files.items():
        audio = load_audio(path)
        rows = {}
        for label, prompt in (("plain", story_prompt(None)), ("story", story_prompt(story))):
            t0 = time.perf_counter()
            transcript = engine.transcribe(audio, prompt=prompt)
            rows[label] = {"seconds": time.perf_counter() - t0, "text": transcript.text}
        out["answers"][name] = {"duration_s": audio.size / 16000, **rows}  # type: ignore[index]
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "transcription.md"
    )
    parser.add_argument("--child", nargs=3)
    parser.add_argument("--models", default="tiny.en,base", help="faster-whisper models")
    parser.add_argument("--no-openai", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], json.loads(args.child[1]), args.child[2])
        return
    work = ROOT / "benchmarks" / "out"
    work.mkdir(parents=True, exist_ok=True)
    files = {
        name: str(speak(text, work / f"answer-{i}.wav"))
        for i, (name, text) in enumerate(ANSWERS.items())
    }
    results = []
    runs = [("faster-whisper", m) for m in args.models.split(",") if m]
    if not args.no_openai:
        runs.insert(1, ("openai-whisper", "tiny.en"))
    for engine, model in runs:
        proc = subprocess.run([sys.executable, __file__, "--child", engine, json.dumps(files),
                               model], capture_output=True, text=True)  # fmt: skip
        if proc.returncode != 0:
            print(f"{engine} {model}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    lines = ["# Transcription benchmark", "",
             "espeak-ng speech (en-us, 155 wpm) of two answers to the sample deck's outage story; "
             "model tiny.en (the bundled one; base from the `accurate` extra where named), CPU, int8, 2 threads; beam search of 5 at temperature 0 (the engines' default); a window that leaves speech unheard is decoded again without the prompt.",
             "Each engine runs in its own process. RTF = processing time / audio duration.", "",
             "| engine | load s | answer | audio s | RTF | WER plain prompt | WER story prompt | filler recall | peak RSS MiB |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        for name, a in r["answers"].items():
            ref = ANSWERS[name]
            fr = filler_recall(ref, a["plain"]["text"])
            lines.append(
                f"| {r['engine']} | {r['load_s']:.2f} | {name} | {a['duration_s']:.1f} | "
                f"{a['plain']['seconds'] / a['duration_s']:.3f} | {wer(ref, a['plain']['text']):.3f} | "
                f"{wer(ref, a['story']['text']):.3f} | {'–' if fr is None else f'{fr:.2f}'} | "
                f"{r['peak_rss_mib']:.0f} |"
            )
    if len(results) >= 2 and results[1]["engine"] == "openai-whisper":
        fw, ow = results[:2]
        name = next(iter(ANSWERS))
        ratio = ow["answers"][name]["plain"]["seconds"] / fw["answers"][name]["plain"]["seconds"]
        lines += ["", f"openai-whisper / faster-whisper processing time on the 75 s answer, same run: "
                  f"**{ratio:.2f}×**; peak RSS {ow['peak_rss_mib'] / fw['peak_rss_mib']:.2f}×."]  # fmt: skip
    for r in results:
        for name, a in r["answers"].items():
            lines += ["", f"<details><summary>{r['engine']} — {name} (story prompt)</summary>", "",
                      a["story"]["text"], "", "</details>"]  # fmt: skip
    load = os.getloadavg()
    lines.insert(4, f"Load average (1/5/15 min) at the end of this run: {load[0]:.1f} / {load[1]:.1f} / "
                 f"{load[2]:.1f} on 2 cores.")  # fmt: skip
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[: 14 + 2 * len(results)]))


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
