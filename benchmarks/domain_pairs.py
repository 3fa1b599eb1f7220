"""(key point, stretch of an answer, said?) pairs from our labelled answers, to teach the matcher
our domain after ArgKP (train_matcher.py --domain).

    .venv/bin/python benchmarks/domain_pairs.py --decks sample|seed|all --out FILE.jsonl

Labels are per answer, not per sentence. A point labelled NOT said is said nowhere in the answer,
so every stretch is a clean negative: we keep the three the current matcher likes best for it
(the hard ones: same topic, other claim). A point labelled said gets one positive: the stretch
the current matcher (trained on ArgKP only) likes best for it. Text and espeak-ng speech
(`--modes` adds "piper": the neural voice of voices.py, through tiny.en as the app hears it).
`--decks sample` takes only answers to our sample deck, `seed` only those to the seed deck
(../shared/eval-dev): a matcher tuned on one deck's writers is measured on the other's.
`--with-never-saw` adds the writers labelled after the shipped matcher was tuned
(MATCHERS_NEVER_SAW) and `--traps` our trap answers (benchmarks/data/trap-answers): a trap point
is labelled not said, so the stretch that only plans or refuses it becomes a hard negative.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_scoring import TRAP_SET
from fit_point_model import (
    MATCHERS_NEVER_SAW,
    SAMPLE_DECK,
    labelled_answers,
    transcript_in,
    writer_sets,
)

NEGATIVES = 3


def stretches(text: str) -> list[str]:
    """What the matcher may be asked about an answer (keypoints.stretches)."""
    from star_rehearsal.core.scoring.keypoints import sentences, stretches
    from star_rehearsal.core.scoring.text import tokenize

    return [w.text for w in stretches(sentences(text, tokenize(text, keep_stopwords=True)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decks", choices=["sample", "seed", "all"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--matcher", type=Path, help="matcher model dir (default: the shipped one)")
    parser.add_argument("--modes", nargs="+", default=["text", "speech"],
                        choices=["text", "speech", "piper"])  # fmt: skip
    parser.add_argument("--with-never-saw", action="store_true")
    parser.add_argument("--traps", action="store_true")
    args = parser.parse_args()
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring.matcher import MODEL_DIR, Matcher

    matcher = Matcher(args.matcher or MODEL_DIR, threads=2)
    rows = []
    sources = {}
    sets = writer_sets() + ([TRAP_SET] if args.traps else [])
    for writer, deck_path, answers_path in sets:
        on_sample = deck_path == SAMPLE_DECK
        if writer in MATCHERS_NEVER_SAW and not args.with_never_saw:
            continue
        if (args.decks == "sample" and not on_sample) or (args.decks == "seed" and on_sample):
            continue
        sources[writer] = hashlib.sha256(answers_path.read_bytes()).hexdigest()
        deck = load_deck(deck_path)
        for answer, story in labelled_answers(deck, answers_path):
            labels = answer["actions"] + answer["results"]
            for mode in args.modes:
                transcript = transcript_in(mode, answer, answers_path, story)
                spans = stretches(transcript.text)  # type: ignore[attr-defined]
                if not spans:
                    continue
                for (_, point), said in zip(story.key_points, labels, strict=True):
                    probs = matcher.probabilities([point] * len(spans), spans)
                    order = sorted(range(len(spans)), key=lambda i: -float(probs[i]))
                    keep = order[:1] if said else order[:NEGATIVES]
                    for i in keep:
                        rows.append({"point": point, "text": spans[i], "label": int(bool(said)),
                                     "writer": writer, "answer": answer["id"], "mode": mode})  # fmt: skip
        print(f"{writer}: {len(rows)} pairs so far", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    print(f"wrote {len(rows)} pairs ({sum(r['label'] for r in rows)} positive) from {sources}")


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
