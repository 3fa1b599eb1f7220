"""Score every labelled answer once and write all the `score --json` outputs to one file, so a
refactor of the scorer can prove it changed no score by one point (diff two snapshots).

    .venv/bin/python benchmarks/score_snapshot.py OUT.json [--shared ../shared]

Answers: tests/fixtures/answers/*.jsonl against stories/sample-deck.md, and
../shared/eval-dev/*.jsonl against the seed deck (skipped when ../shared is absent). Each is
scored as plain text and, where benchmarks/out/ holds its cached espeak-ng transcript (see
fit_point_model.py), as that timed transcript too. Scoring goes through `score_answer` with the
CLI's arguments (shipped point model and matcher, default band); timing fields are removed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT

SAMPLE_DECK = ROOT / "stories" / "sample-deck.md"
OURS = ROOT / "tests" / "fixtures" / "answers"
CACHE = ROOT / "benchmarks" / "out"
TIMING_KEYS = {"seconds"}  # processing times: differ from run to run


def answer_sets(shared: Path) -> list[tuple[Path, Path]]:
    """(deck, answers) for every labelled set present."""
    sets = [(SAMPLE_DECK, p) for p in sorted(OURS.glob("*.jsonl"))]
    seed = shared / "seeds" / "000_100804521e9eac83.txt"
    if seed.exists():
        sets += [(seed, p) for p in sorted((shared / "eval-dev").glob("*.jsonl"))]
    return sets


def without_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def snapshot(shared: Path) -> dict[str, Any]:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcript import Transcript

    out: dict[str, Any] = {}
    for deck_path, answers_path in answer_sets(shared):
        deck = load_deck(deck_path)
        for line in answers_path.read_text().splitlines():
            if not line.strip():
                continue
            answer = json.loads(line)
            story = deck.story(answer["target_story_id"])
            assert story is not None, answer["target_story_id"]
            transcripts = {"text": Transcript.from_text(answer["text"])}
            cached = CACHE / f"transcript-{answers_path.stem}-{answer['id']}.json"
            if cached.exists():
                transcripts["speech"] = Transcript.from_json(json.loads(cached.read_text()))
            for mode, transcript in transcripts.items():
                score = score_answer(story, transcript, deck=deck)
                key = f"{answers_path.stem}/{answer['id']}/{mode}"
                out[key] = without_timing(score.to_json())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the snapshot (JSON)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder with seeds/ and eval-dev/ (default ../shared)")  # fmt: skip
    args = parser.parse_args()
    data = snapshot(args.shared)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    modes: dict[str, int] = {}
    for key in data:
        modes[key.rsplit("/", 1)[1]] = modes.get(key.rsplit("/", 1)[1], 0) + 1
    print(f"{len(data)} scores ({modes}) -> {args.out}")


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
