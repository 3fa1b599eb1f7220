"""The live transcriber replayed on a simulated clock: words-shown lag and the finish, quickly.

bench_load.py plays the answer through the window in real time (90 s a run, the whole app on
the CPU). This feeds the same espeak-ng answer to a LiveTranscriber on a simulated clock: audio
arrives as the clock passes, every decode moves the clock by its real duration times
--slowdown (a machine that many times slower: 2.5 roughly two busy processes on two cores,
without loading the machine), and the loop does what services.take_steps.live_loop does
(a step; else a preview; else a 0.25 s wait). The words-shown lag is sampled every 10 ms of the
simulated take. At the end of the audio, Stop: the transcript's part of Stop -> review is the
decode still running then plus finish() (scoring is not included). The final transcript's
WER against the text spoken is printed too.

    .venv/bin/python benchmarks/bench_live_replay.py --slowdown 1 --slowdown 2.5
    .venv/bin/python benchmarks/bench_live_replay.py --threads 1 --cpu-clock --slowdown 1 --slowdown 1.5

--cpu-clock with --threads 1 counts a decode's CPU time instead of its wall time: what it would
take on one idle core, whatever else the machine runs (a 2-thread idle decode is faster; two
busy processes leave one thread of ours about 2/3 of a core: --slowdown 1.5).

--wavs GLOB (e.g. the espeak-ng readings of eval-dev answers that fit_point_model.py leaves in
benchmarks/out/score-*.wav, every --every-th) replays those answers as well, each against its
own text; --greedy-margin (repeatable; "none" is the padded window) compares live greedy pieces
decoded with their window cut to the audio plus that margin, one after another on each answer
(--all-greedy: every piece greedy, as late in a take with two busy processes); --tail-frames
(repeatable) compares faster.TAIL_WINDOW_FRAMES the same way (0: every window decoded):

    .venv/bin/python benchmarks/bench_live_replay.py --threads 1 --cpu-clock --slowdown 1.5 \
        --wavs 'benchmarks/out/score-*.wav' --every 9 --all-greedy \
        --greedy-margin none --greedy-margin 10

Decode times are real, so a shared machine makes them noisy: compare variants in alternation.
Ends with one line per slowdown:
    replay slowdown=S shown_lag_p95_s=P shown_lag_max_s=M final_lag_max_s=F finish_s=T wer=W
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_app import DECK, LONG_ANSWER
from common import wer

STORY_ID = "tell-me-about-a-time-you-handled-a-production-outage/1"  # as bench_transcription


def make_clip(tmp: Path) -> Path:
    import subprocess

    raw, clip = tmp / "a.raw.wav", tmp / "a.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), LONG_ANSWER],
                   check=True)  # fmt: skip
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(clip),
                    "pad", "0.3", "0.3"], check=True)  # fmt: skip
    return clip


def spoken_text(wav: Path) -> str:
    """The text a score-<set>-<id>.wav reading says (eval-dev in ../shared, or our fixtures)."""
    import json

    stem = wav.stem.removeprefix("score-")
    name, answer_id = stem.rsplit("-", 1)
    root = Path(__file__).resolve().parents[1]
    for jsonl in (root.parent / "shared/eval-dev" / f"{name}.jsonl",
                  root / "tests/fixtures/answers" / f"{name}.jsonl"):  # fmt: skip
        if jsonl.exists():
            for line in jsonl.read_text().splitlines():
                if line.strip() and (row := json.loads(line))["id"] == answer_id:
                    return str(row["text"])
    raise SystemExit(f"{wav}: no text found for {answer_id} in {name}.jsonl")


def replay(
    engine,
    audio,
    prompt: str | None,
    slowdown: float,
    clock=time.perf_counter,
    text: str = LONG_ANSWER,
    greedy_margin_s: float | None = None,
    all_greedy: bool = False,
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from star_rehearsal.core.transcript import SAMPLE_RATE
    from star_rehearsal.core.transcription.live import LiveTranscriber
    from star_rehearsal.core.transcription.pacing import PacingPolicy

    now = [0.0]
    live = LiveTranscriber(engine, prompt, policy=PacingPolicy(clock=lambda: now[0]))
    live.greedy_margin_s = greedy_margin_s
    if all_greedy:  # every piece as on a busy machine, whatever the simulated clock says
        from star_rehearsal.core.transcription.pacing import FAST

        live.policy.choose = lambda _pending_s: FAST  # type: ignore[method-assign]
    duration = audio.size / SAMPLE_RATE
    fed = 0
    shown: list[tuple[float, int]] = [(0.0, 0)]  # (clock, samples shown as words from then on)
    final: list[tuple[float, int]] = [(0.0, 0)]

    def feed_to_now() -> None:
        nonlocal fed
        upto = min(audio.size, int(now[0] * SAMPLE_RATE))
        while fed < upto:  # in 100 ms blocks, as the recorder delivers them
            live.feed(audio[fed : min(upto, fed + SAMPLE_RATE // 10)])
            fed = min(upto, fed + SAMPLE_RATE // 10)

    def timed(call):  # type: ignore[no-untyped-def]
        started = clock()
        out = call()
        now[0] += (clock() - started) * slowdown
        fed_then = fed
        shown.append((now[0], min(fed_then, max(live._done, live._preview_upto))))
        final.append((now[0], live._done))
        return out

    while now[0] < duration:
        feed_to_now()
        if timed(live.step):
            continue
        if timed(live.preview) is None:
            now[0] += 0.25
    stop_at = duration
    feed_to_now()
    started = clock()
    transcript = live.finish()
    finish_s = (now[0] - stop_at) + (clock() - started) * slowdown

    def lags(events: list[tuple[float, int]]) -> list[float]:
        out, i = [], 0
        for k in range(int(duration * 100)):
            t = k / 100
            while i + 1 < len(events) and events[i + 1][0] <= t:
                i += 1
            out.append(max(0.0, t - events[i][1] / SAMPLE_RATE))
        return out

    shown_lags, final_lags = lags(shown), lags(final)
    if os.environ.get("BENCH_DEBUG"):
        for p in live.pieces:
            print(f"    piece {p.start / SAMPLE_RATE:6.1f}-{p.end / SAMPLE_RATE:6.1f} s "
                  f"{p.mode.name:4s} decoded in {p.decode_s:.2f} s (x{slowdown:g}), "
                  f"waited {p.pending_s:.1f} s{' (silent)' if p.silent else ''}")  # fmt: skip
    return {
        "shown_lag_p95_s": statistics.quantiles(shown_lags, n=20)[18],
        "shown_lag_max_s": max(shown_lags),
        "final_lag_max_s": max(final_lags),
        "finish_s": finish_s,
        "wer": wer(text, transcript.text),
        "words": float(len(text.split())),
        "previews_s": live.preview_s,
        "pieces": float(len([p for p in live.pieces if not p.silent])),
        "fast_pieces": float(len([p for p in live.pieces if p.mode.fast and not p.silent])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slowdown", type=float, action="append", help="default: 1")
    parser.add_argument("--threads", type=int, default=0, help="decoding threads (0: adaptive)")
    parser.add_argument("--cpu-clock", action="store_true",
                        help="a decode moves the clock by the process's CPU time, not wall time: "
                        "with --threads 1, what it would take on an idle core of this machine, "
                        "however busy the machine is now")  # fmt: skip
    parser.add_argument("--wavs", default="", help="more answers (a glob of score-*.wav)")
    parser.add_argument("--every", type=int, default=1, help="of --wavs, every Nth (sorted)")
    parser.add_argument("--greedy-margin", action="append", default=None,
                        help="seconds kept after the audio in a greedy piece's window, or none")  # fmt: skip
    parser.add_argument("--all-greedy", action="store_true", help="every live piece greedy")
    parser.add_argument("--tail-frames", type=int, action="append", default=None,
                        help="faster.TAIL_WINDOW_FRAMES to compare (0: every window decoded)")  # fmt: skip
    args = parser.parse_args()
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.memory import limit_malloc_arenas
    from star_rehearsal.core.transcription import create_engine, load_audio, story_prompt

    limit_malloc_arenas()
    story = load_deck(DECK).story(STORY_ID)
    audio = load_audio(make_clip(Path(tempfile.mkdtemp(prefix="replay-"))))
    engine = create_engine("faster-whisper", "tiny.en", cpu_threads=args.threads)
    engine.load()
    from star_rehearsal.core.transcription import faster

    margins = [None if m == "none" else float(m) for m in args.greedy_margin or ["none"]]
    tails = args.tail_frames or [faster.TAIL_WINDOW_FRAMES]
    variants = [(m, t) for t in tails for m in margins]
    answers = [("long (92 s)", audio, LONG_ANSWER)]
    for path in sorted(glob.glob(args.wavs))[:: args.every] if args.wavs else []:
        answers.append((Path(path).stem, load_audio(Path(path)), spoken_text(Path(path))))
    for slowdown in args.slowdown or [1.0]:
        clock = time.process_time if args.cpu_clock else time.perf_counter
        pooled: dict[tuple[float | None, int], list[tuple[float, float, float]]] = {
            v: [] for v in variants
        }
        for name, answer, text in answers:
            for margin, tail in variants:
                faster.TAIL_WINDOW_FRAMES = tail
                r = replay(engine, answer, story_prompt(story), slowdown, clock, text, margin,
                           args.all_greedy)  # fmt: skip
                pooled[(margin, tail)].append((r["wer"], r["words"], r["finish_s"]))
                print(f"replay {name} greedy_margin={margin} tail_frames={tail} slowdown={slowdown:g} clock={'cpu' if args.cpu_clock else 'wall'} " + " ".join(f"{k}={v:.2f}" for k, v in r.items()),
                      flush=True)  # fmt: skip
        if len(answers) > 1 or len(variants) > 1:
            for (margin, tail), rows in pooled.items():
                errors = sum(w * n for w, n, _ in rows) / sum(n for _, n, _ in rows)
                print(f"pooled greedy_margin={margin} tail_frames={tail} slowdown={slowdown:g} "
                      f"answers={len(rows)} wer={errors:.3f} "
                      f"finish_median_s={statistics.median(f for *_, f in rows):.2f}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()
    raise SystemExit(main())
