"""Pieces decoded with and without the window faster-whisper starts at the last word's end
(faster.TAIL_WINDOW_FRAMES): the texts that differ, and the decode time of each (2 threads).
Pieces are cut at pauses as the live loop cuts them, from the benchmark answer and every 15th
espeak-ng reading in benchmarks/out/score-*.wav (fit_point_model.py leaves them there).

    .venv/bin/python benchmarks/bench_tail_window.py
"""

import glob
import tempfile
import time
from pathlib import Path

from bench_app import DECK
from bench_live_replay import make_clip
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.transcription import create_engine, load_audio, story_prompt
from star_rehearsal.core.transcription import faster as F
from star_rehearsal.core.transcription.live import find_cut

STORY_ID = "tell-me-about-a-time-you-handled-a-production-outage/1"


def live_cuts(audio) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Pieces cut at pauses, 3-10 s long, as the live loop cuts them."""
    start, pieces = 0, []
    while start < audio.size - 16000:
        window = audio[start : start + 10 * 16000]
        cut = find_cut(window)
        if cut is None or cut < 3 * 16000:
            cut = window.size
        pieces.append((start, start + cut))
        start += cut
    return pieces


def main() -> None:
    story = load_deck(DECK).story(STORY_ID)
    engine = create_engine("faster-whisper", "tiny.en", cpu_threads=2)
    engine.load()
    prompt = story_prompt(story)
    shipped = F.TAIL_WINDOW_FRAMES
    wavs = [
        make_clip(Path(tempfile.mkdtemp())),
        *sorted(glob.glob("benchmarks/out/score-*.wav"))[::15],
    ]
    diffs = same = 0
    t_on = t_off = 0.0
    for wav in wavs:
        audio = load_audio(Path(wav))
        for a, b in live_cuts(audio):
            for kw in ({"fast": True, "margin_s": 10.0}, {"fast": False}):
                F.TAIL_WINDOW_FRAMES = 0  # every window decoded, as before
                t = time.perf_counter()
                off = engine.transcribe(audio[a:b], prompt=prompt, **kw).text
                t_off += time.perf_counter() - t
                F.TAIL_WINDOW_FRAMES = shipped
                t = time.perf_counter()
                on = engine.transcribe(audio[a:b], prompt=prompt, **kw).text
                t_on += time.perf_counter() - t
                if on == off:
                    same += 1
                    continue
                diffs += 1
                print(f"{Path(wav).stem} {a / 16000:.1f}-{b / 16000:.1f} "
                      f"{'greedy' if kw['fast'] else 'full'}:\n   with 2nd window: {off!r}\n"
                      f"   skipped:         {on!r}")  # fmt: skip
    print(f"pieces decoded the same {same}, differ {diffs}; time with the tail window "
          f"{t_off:.1f} s, skipped {t_on:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
