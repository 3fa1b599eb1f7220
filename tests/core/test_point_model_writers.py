"""Per-writer floors (issue #27): every labelled writer, scored by the point model fitted and
thresholded without it (writer_scores.py, one shared pass), keeps its measured precision and
recall within a small margin. The pooled figure hides a tail (the plain and non-native
writers), so each writer gets its own floor; a regression in any of them breaks its test.
The shipped matcher read every writer here but authors-e, authors-f and our trap answers, so for
the others these are regression guards, not held-out claims (benchmarks/results/scoring.md)."""

from __future__ import annotations

import pytest
from writer_scores import SHARED, WRITERS, writer_score

# writer -> (precision floor, recall floor, F1 floor): measured minus about 0.02 (0.03 for the
# small sets), measured on main with point_model.json's held-out weights and thresholds.
FLOORS = {  # measured P / R / F1 in the comment (2026-12-07, the matcher reading one pair a run)
    # The matcher used to read 32 pairs a run, and int8's per-run activation scale moved each
    # pair's probability with its neighbours: these figures were 0.898 / 0.846 / 0.871 (e),
    # 0.968 / 0.833 / 0.896 (b), 0.880 / 0.830 / 0.854 (f) read that way, and the app, reading
    # in other batches during a take, showed other decisions (11 of 254 points of e and b).
    "eval-dev/authors-e": (0.87, 0.80, 0.84),  # 0.896 / 0.827 / 0.860
    "eval-dev/authors-b": (0.90, 0.82, 0.86),  # 0.924 / 0.847 / 0.884
    "eval-dev/authors-f": (0.87, 0.79, 0.83),  # 0.911 / 0.818 / 0.862 (0.878 before the last word)
    "eval-dev/answers": (0.90, 0.90, 0.90),  # 0.938 / 0.938 / 0.938 (10 answers)
    "ours/plain-and-blunt": (0.92, 0.90, 0.91),  # 0.947 / 0.927 / 0.937
    "ours/sample-answers-2": (0.89, 0.95, 0.92),  # 0.923 / 0.984 / 0.952
}


@pytest.mark.parametrize("writer", sorted(FLOORS))
def test_each_writer_keeps_its_floor(writer: str) -> None:
    if WRITERS[writer][0].is_relative_to(SHARED) and not SHARED.is_dir():
        pytest.skip("../shared is not present (it exists only for developers and CI)")
    result = writer_score(writer)
    precision, recall, f1 = FLOORS[writer]
    figures = (round(result.precision, 3), round(result.recall, 3), round(result.f1, 3))
    assert result.precision >= precision, (writer, figures)
    assert result.recall >= recall, (writer, figures)
    assert result.f1 >= f1, (writer, figures)


def test_our_trap_answers_are_mostly_not_ticked() -> None:
    """Our own trap answers to the sample deck (benchmarks/data/trap-answers), written without
    reading polarity.py: 10 of 26 trap points ticked by the check as it stood (held out), 7 with
    the clause-level rule added after that measurement, 2 with the setting set aside, the last
    word and cues added after reading its misses (written on them, so a guard only)."""
    result = writer_score("ours/sample-deck-traps")
    assert (result.traps, result.resolved) == (26, 3)
    assert result.traps_ticked <= 3, result  # 2 measured (10 before the rules: held out)
    assert result.resolved_ticked >= 2, result  # 3 measured
