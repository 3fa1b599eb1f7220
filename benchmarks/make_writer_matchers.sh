#!/usr/bin/env bash
# The matchers for the per-writer protocol of issue #11: for each labelled writer W, the ArgKP
# matcher tuned on the domain pairs of every OTHER writer (both decks), saved as
# benchmarks/out/matcher-not-<W>. fit_point_model.py / bench_scoring.py --protocol writer read
# them. Needs benchmarks/out/matcher-argkp and domain/all.jsonl from make_matcher.sh (steps 1-2).
# About 4 minutes a writer on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python OUT=benchmarks/out
TUNE=(--init $OUT/matcher-argkp --argkp-replay 3000 --epochs 1 --skip-dev)
for writer in $($PY -c "import json,sys; print(' '.join(sorted({json.loads(l)['writer'] for l in open(sys.argv[1])})))" $OUT/domain/all.jsonl); do
  slug=${writer//\//-}
  [ -f "$OUT/matcher-not-$slug/model.onnx" ] && [ "${REBUILD:-0}" != 1 ] && continue
  $PY -c "import json,sys; [sys.stdout.write(l) for l in open(sys.argv[1]) if json.loads(l)['writer'] != sys.argv[2]]" \
    $OUT/domain/all.jsonl "$writer" > "$OUT/domain/not-$slug.jsonl"
  echo "== matcher without $writer"
  $PY benchmarks/train_matcher.py "${TUNE[@]}" --domain "$OUT/domain/not-$slug.jsonl" --out "$OUT/matcher-not-$slug"
done
