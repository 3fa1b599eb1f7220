"""Delivery coaching: what each measure costs inside the review budget, how the voice measures
separate flat from varied espeak-ng speech, and how often the text measures fire on our
hand-written answers (where "sounds memorised" and "check this figure" should be rare).

    .venv/bin/python benchmarks/bench_coaching.py [--shared ../shared] [--out benchmarks/results/coaching.md]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT

ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders after a "
    "config push to the payment gateway client. As incident commander I had to restore checkout "
    "quickly and keep support and leadership informed. I declared a SEV one and opened a single "
    "incident channel. Then I rolled back the config push within twelve minutes. I added a "
    "canary stage for gateway config changes, and I wrote a blameless postmortem with five "
    "follow up owners. Checkout recovered in nineteen minutes with no lost orders."
)
OWN_SETS = ["sample-answers.jsonl", "sample-answers-2.jsonl", "sample-answers-3.jsonl"]


def espeak(ssml: str, out: Path) -> Path:
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-m", "-v", "en-us", "-s", "155", "-w", str(raw),
                    f"<speak>{ssml}</speak>"], check=True, capture_output=True)  # fmt: skip
    subprocess.run(["sox", "-q", "-D", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)],
                   check=True, capture_output=True)  # fmt: skip
    return out


def timings(fn, runs: int = 5) -> tuple[float, float]:
    """(fastest, median): on a machine shared with other jobs the fastest run is the cost."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def voice_rows(tmp: Path) -> list[str]:
    import numpy as np
    import pyworld
    import soundfile as sf
    from star_rehearsal.core.coaching import voice

    rows = ["| rendering | p5–p95 range (st) | spread SD (st) | verdict | monotone stretches |",
            "|---|---|---|---|---|"]  # fmt: skip
    for name, prosody in (("SSML range x-low", "range='x-low'"), ("default", ""),
                          ("SSML range x-high", "range='x-high'")):  # fmt: skip
        clip = espeak(f"<prosody {prosody}>{ANSWER}</prosody>" if prosody else ANSWER,
                      tmp / f"{name.replace(' ', '-')}.wav")  # fmt: skip
        r = voice.analyse(clip, [])
        p = r["pitch"]
        total = sum(m["seconds"] for m in r["monotone"])
        rows.append(f"| {name} | {p['range_st']:.1f} | {p['spread_st']:.2f} | {p['verdict']} | "
                    f"{len(r['monotone'])} ({total:.0f} s) |")  # fmt: skip
    base, _ = sf.read(str(tmp / "default.wav"), dtype="float32")
    rows += ["", "| answer length | ours: WAV + DIO (8 kHz, speed 4) + StoneMask + measures, "
             "fastest / median of 5 | DIO + StoneMask at 16 kHz, speed 1 (1 run) | Harvest at 16 kHz (1 run) |",
             "|---|---|---|---|"]  # fmt: skip
    for seconds in (30, 60, 90):
        audio = np.tile(base, int(np.ceil(seconds * 16000 / base.size)))[: seconds * 16000]
        path = tmp / f"answer-{seconds}.wav"
        sf.write(str(path), audio, 16000)
        fast, mid = timings(lambda p=path: voice.analyse(p, [("result", 10.0, 14.0)]))
        x = audio.astype(np.float64)
        started = time.perf_counter()
        f0, times = pyworld.dio(x, 16000, f0_floor=60.0, f0_ceil=500.0, frame_period=10.0)
        pyworld.stonemask(x, f0, times, 16000)
        full = time.perf_counter() - started
        harvest = "—"
        if seconds == 30:  # minutes on a long take: once is enough to rule it out
            started = time.perf_counter()
            pyworld.harvest(x, 16000, f0_floor=60.0, f0_ceil=500.0, frame_period=10.0)
            harvest = f"{time.perf_counter() - started:.2f} s"
        rows.append(f"| {seconds} s | {fast:.2f} s / {mid:.2f} s | {full:.2f} s | {harvest} |")
    return rows


def text_rows(shared: Path | None) -> list[str]:
    from star_rehearsal.core.coaching.live import live_coverage
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer, warm_up
    from star_rehearsal.core.transcript import Segment, Transcript

    warm_up()
    sets = [(f"ours: {n}", ROOT / "stories" / "sample-deck.md", ROOT / "tests" / "fixtures" / "answers" / n)
            for n in OWN_SETS]  # fmt: skip
    if shared is not None and (shared / "eval-dev" / "answers.jsonl").is_file():
        sets.append(("shared eval-dev (seed deck)", shared / "seeds" / "000_100804521e9eac83.txt",
                     shared / "eval-dev" / "answers.jsonl"))  # fmt: skip
    rows = ["| answers | n | sounds memorised | check this figure | hedges / answer | hedge in a Result | "
            "Actions “I” share (median) | coaching cost, median / max | whole score, median |",
            "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    live_costs = []
    for name, deck_path, answers in sets:
        deck = load_deck(deck_path)
        n = mem = fig = hedged_results = hedges = 0
        shares, costs, totals = [], [], []
        for line in answers.read_text().splitlines():
            a = json.loads(line)
            story = deck.story(a["target_story_id"])
            if story is None:
                continue
            started = time.perf_counter()
            c = score_answer(story, Transcript.from_text(a["text"]), deck=deck).to_json()[
                "coaching"
            ]
            totals.append(time.perf_counter() - started)
            costs.append(c["seconds"])
            n += 1
            mem += c["recital"]["verdict"] == "sounds memorised"
            fig += bool(c["figures"])
            hedges += c["hedging"]["count"]
            hedged_results += bool(c["hedging"]["in_results"])
            if c["ownership"]["share"] is not None:
                shares.append(c["ownership"]["share"])
            words = a["text"].split()
            segs = [Segment(i / 2.5, (i + 20) / 2.5, " ".join(words[i : i + 20]))
                    for i in range(0, len(words), 20)]  # fmt: skip
            started = time.perf_counter()
            live_coverage(story, deck, segs)
            live_costs.append(time.perf_counter() - started)
        rows.append(f"| {name} | {n} | {mem} | {fig} | {hedges / max(n, 1):.1f} | {hedged_results} | "
                    f"{statistics.median(shares):.2f} | {statistics.median(costs) * 1000:.1f} ms / "
                    f"{max(costs) * 1000:.1f} ms | {statistics.median(totals):.2f} s |")  # fmt: skip
    rows += ["", f"Live nudges: a lexical score of the whole live transcript so far, run on the "
             f"worker pool after each new live piece: median {statistics.median(live_costs) * 1000:.0f} ms, "
             f"max {max(live_costs) * 1000:.0f} ms per call (full answers)."]  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "coaching.md")
    args = parser.parse_args()
    shared = args.shared if args.shared.is_dir() else None
    with tempfile.TemporaryDirectory() as tmp:
        voice = voice_rows(Path(tmp))
    text = text_rows(shared)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    lines = ["# Delivery coaching", "",
             "Command: `.venv/bin/python benchmarks/bench_coaching.py` (2-core machine shared with "
             f"other jobs, load average {load} at the end of the run; times are wall clock).", "",
             "## Voice on espeak-ng renderings of the same answer", "", *voice, "",
             "## Text measures on hand-written answers (as text)", "", *text, ""]  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
