"""Best answer (issue 33): the script and the reel of a story with 20 takes.

    .venv/bin/python benchmarks/bench_best.py [--takes 20] [--runs 5]

The takes: labelled answers of the Checkout story (tests/fixtures/answers), spoken by espeak-ng,
transcribed by tiny.en and scored by the real scorer once each (cached in benchmarks/out/), then
stored 20 times over in a fresh takes database, each with its own WAV copy (what varies the
cost is how many takes and sentences are read, not whether the words differ). Timed: reading
the takes from the store plus `best_summary.summarise` (script, point history, pet phrases) —
what the panel and `best --json` do — and `reel.build_reel`. Targets: <= 1 s and <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, speak

STORY = "tell-me-about-a-time-you-handled-a-production-outage/1"
CACHE = ROOT / "benchmarks" / "out" / "best"


def answers(n: int) -> list[str]:
    found = []
    for path in sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            a = json.loads(line) if line.strip() else {}
            if a.get("target_story_id") == STORY and a.get("kind") == "full":
                found.append(a["text"])
    return found[:n]


def prepared(deck, story, n: int) -> list[tuple[Path, dict, dict]]:  # type: ignore[no-untyped-def]
    """(wav, transcript JSON, score JSON) for n distinct answers, made once and cached."""
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcription import create_engine, story_prompt

    CACHE.mkdir(parents=True, exist_ok=True)
    engine = None
    out = []
    for i, text in enumerate(answers(n)):
        wav, js = CACHE / f"answer-{i}.wav", CACHE / f"answer-{i}.json"
        if not js.exists():
            speak(text, wav)
            if engine is None:
                engine = create_engine()
            transcript = engine.transcribe(wav, prompt=story_prompt(story))
            score = score_answer(story, transcript, deck=deck, audio=wav)
            js.write_text(
                json.dumps({"transcript": transcript.to_json(), "score": score.to_json()})
            )
        data = json.loads(js.read_text())
        out.append((wav, data["transcript"], data["score"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--takes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.practice.best_summary import summarise
    from star_rehearsal.core.practice.reel import build_reel
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript

    deck = load_deck(ROOT / "stories" / "sample-deck.md")
    story = deck.story(STORY)
    assert story is not None
    sources = prepared(deck, story, 4)
    with tempfile.TemporaryDirectory() as tmp:
        store = TakesStore(Path(tmp))
        for i in range(args.takes):
            wav, transcript, score = sources[i % len(sources)]
            take = store.new_take(deck.question_of(STORY), story, deck.path)
            shutil.copy(wav, take.audio_path)
            store.finish_take(take.id, float(transcript["duration_s"]))
            store.save_transcript(take.id, Transcript.from_json(transcript))
            store.save_score(take.id, score)
        script_s, reel_s = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            summary = summarise(story, store.list_takes())
            script_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            reel = build_reel(summary.script, Path(tmp) / f"reel-{run}.wav")
            reel_s.append(time.perf_counter() - started)
        store.close()
    s = summary.script
    print(f"{args.takes} takes ({len(sources)} distinct answers), {args.runs} runs")
    print(f"script (read takes + script + history + pet phrases): median "
          f"{statistics.median(script_s):.3f} s, max {max(script_s):.3f} s (target <= 1 s)")  # fmt: skip
    print(f"reel ({len(reel.pieces)} sentences, {reel.duration_s:.1f} s of audio): median "
          f"{statistics.median(reel_s):.3f} s, max {max(reel_s):.3f} s (target <= 2 s)")  # fmt: skip
    print(f"script: {len(s.lines)} lines, {s.seconds:.0f} s at {s.pace_wpm:.0f} wpm, "
          f"{len(s.cut)} cut, {len(s.not_in_own_words)} not yet in the user's words")  # fmt: skip


if __name__ == "__main__":
    main()
