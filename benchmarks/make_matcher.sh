#!/usr/bin/env bash
# Rebuild the key-point matcher and the point model from scratch, as shipped (about 2.5 hours
# on the 2-core machine). Needs `pip install -e '.[train]'` (and torch, which scripts/setup.sh dev
# installs) and ../shared (ArgKP, the seed deck and its labelled answers).
#  1. ArgKP only, from all-MiniLM-L6-v2: the matcher that never saw an answer of ours.
#  2. Our labelled answers as (point, stretch) pairs, located by that matcher.
#  3. Tuned (with our paraphrase pairs, benchmarks/data/paraphrase-pairs/, in every tuning) on
#     every writer but one, once per writer: the matchers the figures use for that
#     writer (make_writer_matchers.sh), and tuned on one deck's writers only, twice: the matchers
#     the stricter "new deck" figures use for the other deck.
#  4. Tuned on every writer: the shipped matcher.
#  5. The point model, each writer held out in turn, and the benchmark (both protocols).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python OUT=benchmarks/out SHIPPED=desktop/star_rehearsal/core/scoring/matcher_model
$PY benchmarks/train_matcher.py --epochs 1 --save-torch $OUT/matcher-argkp --out $OUT/matcher-argkp-onnx
$PY benchmarks/domain_pairs.py --decks all --matcher $OUT/matcher-argkp-onnx --out $OUT/domain/all.jsonl
$PY benchmarks/split_domain.py $OUT/domain/all.jsonl  # = domain_pairs.py --decks sample / seed
REBUILD=1 bash benchmarks/make_writer_matchers.sh
EXTRA=(); for f in benchmarks/data/paraphrase-pairs/*.jsonl; do EXTRA+=(--extra "$f"); done
TUNE=(--init $OUT/matcher-argkp --argkp-replay 3000 --epochs 2 "${EXTRA[@]}")
$PY benchmarks/train_matcher.py "${TUNE[@]}" --domain $OUT/domain/seed.jsonl --out $OUT/matcher-not-sample --skip-dev
$PY benchmarks/train_matcher.py "${TUNE[@]}" --domain $OUT/domain/sample.jsonl --out $OUT/matcher-not-seed --skip-dev
$PY benchmarks/train_matcher.py "${TUNE[@]}" --domain $OUT/domain/all.jsonl --out $SHIPPED
$PY benchmarks/fit_point_model.py
$PY benchmarks/bench_scoring.py
$PY benchmarks/bench_scoring.py --protocol deck
