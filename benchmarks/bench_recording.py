"""A long take recorded through the real PortAudio path while live transcription runs beside it.

    eval "$(bash scripts/virtual-mic.sh start /tmp/mic)"   # a virtual microphone
    .venv/bin/python benchmarks/bench_recording.py --minutes 10

Reports overflows (dropped input), CPU use, how far the live transcript lagged, how long the
final piece took after Stop, and how much audio sat unflushed (what a crash would lose).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, speak

TEXT = (
    "We rolled back the config push within twelve minutes, and checkout recovered. "
    "Then I added a canary stage for gateway changes and wrote a blameless postmortem. "
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "recording.md"
    )
    args = parser.parse_args()
    if not os.environ.get("PULSE_SERVER"):
        sys.exit("start the virtual microphone first (see the docstring)")
    from star_rehearsal.core.audio import Recorder
    from star_rehearsal.core.transcription import LiveTranscriber, create_engine, story_prompt

    work = ROOT / "benchmarks" / "out"
    work.mkdir(parents=True, exist_ok=True)
    clip = speak(TEXT, work / "rec-clip.wav")
    long_clip = work / f"rec-{args.minutes:g}min.wav"
    if not long_clip.exists():
        clip_s = float(
            subprocess.run(["soxi", "-D", str(clip)], capture_output=True, text=True).stdout
        )
        repeats = int(args.minutes * 60 / clip_s) + 1
        subprocess.run(["sox", str(clip), str(long_clip), "repeat", str(repeats), "trim", "0",
                        str(args.minutes * 60)], check=True)  # fmt: skip
    engine = create_engine()
    engine.load()
    live = LiveTranscriber(engine, prompt=story_prompt(None))
    max_lag = 0.0
    unflushed_max = 0.0
    take = work / "rec-take.wav"
    recorder = Recorder(take, on_audio=live.feed)
    stop = threading.Event()

    def transcribe_loop() -> None:
        nonlocal max_lag
        while not stop.is_set():
            if not live.step():
                stop.wait(0.2)
            max_lag = max(max_lag, live.lag_seconds)

    cpu0, wall0 = time.process_time(), time.monotonic()
    recorder.start()
    worker = threading.Thread(target=transcribe_loop, daemon=True)
    worker.start()
    player = subprocess.Popen(["paplay", "-d", "virtmic", str(long_clip)])
    tick = threading.Event()
    while player.poll() is None:
        tick.wait(0.5)
        on_disk = max(0, take.stat().st_size - 44) / 2 / 16000
        unflushed_max = max(unflushed_max, recorder.elapsed_s - on_disk)
    tick.wait(1.0)
    stopped = time.monotonic()
    result = recorder.stop()
    stop.set()
    worker.join()
    transcript = live.finish()
    final_s = time.monotonic() - stopped
    wall = time.monotonic() - wall0
    cpu = time.process_time() - cpu0
    lines = [
        "# Recording benchmark", "",
        f"A {args.minutes:g}-minute take of espeak-ng speech played into the virtual microphone "
        "(PulseAudio null sink), recorded through sounddevice/PortAudio at 16 kHz while the "
        "live transcriber (faster-whisper tiny.en, 2 threads) ran beside it.", "",
        "| measure | value |", "|---|---|",
        f"| recorded | {result.duration_s:.1f} s |",
        f"| overflows (dropped input blocks) | {result.overflows} |",
        f"| process CPU / wall time | {cpu / wall:.2f} cores ({cpu:.0f} s over {wall:.0f} s) |",
        f"| live transcript lag, max | {max_lag:.1f} s |",
        f"| Stop → full transcript | {final_s:.2f} s |",
        f"| audio not yet on disk, max (a crash would lose at most this) | {unflushed_max:.2f} s |",
        f"| words transcribed | {len(transcript.text.split())} |",
        f"| error | {result.error or 'none'} |",
    ]  # fmt: skip
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
