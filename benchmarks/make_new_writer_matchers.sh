#!/usr/bin/env bash
# A try for issue #27 (results/scoring.md, "Tried: matchers tuned with the newer writers"): the
# ArgKP matcher tuned on the domain pairs of every writer INCLUDING those labelled after the
# shipped matcher (authors-e, authors-f, sample-answers-5), our trap answers (a trap point is
# labelled not said, so the stretch that only plans or refuses it is a hard negative) and Piper
# transcripts beside espeak's, once without authors-e and once without authors-f: the matchers
# their held-out figures use. Needs benchmarks/out/matcher-argkp(-onnx) (make_matcher.sh step 1,
# ~15 min), `pip install -e '.[train]'`, torch, ../shared, and the voices' transcripts cached by
# bench_voices.py. About 15 minutes a matcher on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python OUT=benchmarks/out
$PY benchmarks/domain_pairs.py --decks all --matcher $OUT/matcher-argkp-onnx \
  --modes text speech piper --with-never-saw --traps --out $OUT/domain/r7-all.jsonl
EXTRA=(); for f in benchmarks/data/paraphrase-pairs/*.jsonl; do EXTRA+=(--extra "$f"); done
TUNE=(--init $OUT/matcher-argkp --argkp-replay 3000 --epochs 2 "${EXTRA[@]}" --skip-dev)
for writer in eval-dev/authors-e eval-dev/authors-f; do
  slug=${writer//\//-}
  $PY -c "import json,sys; [sys.stdout.write(l) for l in open(sys.argv[1]) if json.loads(l)['writer'] != sys.argv[2]]" \
    $OUT/domain/r7-all.jsonl "$writer" > "$OUT/domain/r7-not-$slug.jsonl"
  echo "== matcher without $writer"
  $PY benchmarks/train_matcher.py "${TUNE[@]}" --domain "$OUT/domain/r7-not-$slug.jsonl" --out "$OUT/r7-matcher-not-$slug"
done
