"""The rest decoded after Stop: the encoder's window padded to 30 s (today) or cut to the audio
plus a margin (faster.trim_padding), same beam; cost and words against the padded decode of the
whole answer (issue 32: Stop → review is mostly this one decode).

For each espeak-ng answer (three texts, two voices and speeds) and each rest length R, the rest
starts at the gap between two words nearest to R seconds before the end (the live loop cuts
its pieces at pauses). The reference for the rest is the words the padded decode of the whole
answer put after that gap; also counted: rests whose last two words differ from it (a result
dropped from the last sentence is what would hurt the score).

    .venv/bin/python benchmarks/bench_finish_rest.py [--margins 100,300,1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import glob
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_app import LONG_ANSWER
from bench_transcription import ANSWERS
from common import normalise, speak, wer

RESTS_S = (3.0, 5.0, 8.0, 11.0)
VOICES = (("en-us", 155), ("en-gb", 175))


def _rest_start(words: list, duration: float, rest_s: float) -> float:
    """The middle of the gap between two words nearest to `rest_s` before the end."""
    gaps = [(a.end + b.start) / 2 for a, b in itertools.pairwise(words)]
    return min(gaps, key=lambda g: abs((duration - g) - rest_s))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--margins", default="300,1000", help="frames of padding kept (10 ms)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--fast", action="store_true", help="greedy, as on a busy machine")
    parser.add_argument(
        "--wavs",
        default="",
        help="more recordings (a glob), e.g. the espeak "
        "readings of eval-dev answers fit_point_model.py leaves in benchmarks/out/score-*.wav",
    )
    parser.add_argument("--every", type=int, default=10, help="of --wavs, every Nth (sorted)")
    args = parser.parse_args()
    margins = [int(m) for m in args.margins.split(",")]

    from bench_app import DECK
    from star_rehearsal.core.audio.files import load_audio
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.transcription import create_engine, story_prompt

    deck = load_deck(DECK)
    story = next(q for q in deck.questions if "outage" in q.text).stories[0]
    prompt = story_prompt(story)
    engine = create_engine()
    engine.load()
    texts = {"long (92 s)": LONG_ANSWER, **ANSWERS}
    # label -> frames of padding kept (None: the whole padded window)
    variants: dict[str, int | None] = {"padded": None}
    variants.update({f"margin {m / 100:.0f} s": m for m in margins})
    rows: dict[str, list[tuple[float, float, int, int]]] = {label: [] for label in variants}
    with tempfile.TemporaryDirectory() as tmp:
        recordings = [
            (f"{voice} {name}", speak(text, Path(tmp) / f"{voice}-{i}.wav", wpm=wpm, voice=voice))
            for voice, wpm in VOICES
            for i, (name, text) in enumerate(texts.items())
        ]
        if args.wavs:
            recordings += [
                (Path(p).stem, Path(p)) for p in sorted(glob.glob(args.wavs))[:: args.every]
            ]
        for name, wav in recordings:
            audio = load_audio(wav)
            whole = engine.transcribe(audio, prompt=prompt)
            words = [w for s in whole.segments for w in s.words]
            duration = audio.size / 16000
            for rest_s in RESTS_S:
                start = _rest_start(words, duration, rest_s)
                ref = " ".join(w.text for w in words if w.start >= start)
                rest = audio[int(start * 16000) :]
                for label, margin in variants.items():
                    times = []
                    for _ in range(args.repeats):
                        began = time.perf_counter()
                        out = engine.transcribe(
                            rest, prompt=prompt, fast=args.fast,
                            margin_s=None if margin is None else margin / 100)  # fmt: skip
                        times.append(time.perf_counter() - began)
                    ref_words, got = normalise(ref).split(), normalise(out.text).split()
                    tail_lost = 0 if ref_words[-2:] == got[-2:] else 1
                    rows[label].append((wer(ref, out.text), statistics.median(times),
                                        len(ref_words), tail_lost))  # fmt: skip
                    print(f"{name} rest {rest_s:.0f} s {label}: WER "
                          f"{rows[label][-1][0]:.3f}, {rows[label][-1][1]:.2f} s, "
                          f"last two words {'kept' if not tail_lost else 'differ'}: "
                          f"{' '.join(got[-4:])!r} / {' '.join(ref_words[-4:])!r}",
                          flush=True)  # fmt: skip
    print(f"\n{'greedy' if args.fast else 'beam 5'}, {len(rows['padded'])} rests:")
    for label, got_rows in rows.items():
        errors = sum(w * n for w, _, n, _ in got_rows) / sum(n for _, _, n, _ in got_rows)
        print(f"  {label}: word error vs the whole answer's decode {errors:.3f}, decode median "
              f"{statistics.median(t for _, t, _, _ in got_rows):.2f} s (worst "
              f"{max(t for _, t, _, _ in got_rows):.2f}), last two words differ in "
              f"{sum(x for *_, x in got_rows)} of {len(got_rows)}")  # fmt: skip


if __name__ == "__main__":
    main()
