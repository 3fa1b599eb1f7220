#!/usr/bin/env bash
# The matchers for the per-writer protocol of issue #11, from the ArgKP matcher tuned on the
# domain pairs of every writer but the one held out, saved as benchmarks/out/matcher-not-<W>:
# one per writer to the seed deck. Our sets to the sample deck are all read by
# matcher-not-sample instead (tuned on the seed deck's writers only; make_matcher.sh builds it):
# stricter, and four trainings fewer. fit_point_model.py / bench_scoring.py --protocol writer
# read them. Needs benchmarks/out/matcher-argkp and domain/all.jsonl (make_matcher.sh steps 1-2).
# About 10 minutes a writer on the 2-core machine (two epochs: one gave 0.888 / 0.884 held-out F1
# as text / speech, two 0.897 / 0.880, results/scoring-variants.md). Every matcher is also tuned
# on our paraphrase pairs (benchmarks/data/paraphrase-pairs/, --extra).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python OUT=benchmarks/out
EXTRA=(); for f in benchmarks/data/paraphrase-pairs/*.jsonl; do EXTRA+=(--extra "$f"); done
TUNE=(--init $OUT/matcher-argkp --argkp-replay 3000 --epochs 2 "${EXTRA[@]}" --skip-dev)
writers=$($PY -c "
import sys; sys.path.insert(0, 'benchmarks')
from fit_point_model import SAMPLE_DECK, writer_sets
print(' '.join(w for w, deck, _ in writer_sets() if deck != SAMPLE_DECK))")
for writer in $writers; do
  slug=${writer//\//-}
  [ -f "$OUT/matcher-not-$slug/model.onnx" ] && [ "${REBUILD:-0}" != 1 ] && continue
  $PY -c "import json,sys; [sys.stdout.write(l) for l in open(sys.argv[1]) if json.loads(l)['writer'] != sys.argv[2]]" \
    $OUT/domain/all.jsonl "$writer" > "$OUT/domain/not-$slug.jsonl"
  echo "== matcher without $writer"
  $PY benchmarks/train_matcher.py "${TUNE[@]}" --domain "$OUT/domain/not-$slug.jsonl" --out "$OUT/matcher-not-$slug"
done
