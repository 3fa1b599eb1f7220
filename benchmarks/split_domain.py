"""Split the (point, stretch) pairs of every writer (domain_pairs.py --decks all) into the pairs
of the sample deck's writers and those of the seed deck's: the same rows, in the same order, as
running domain_pairs.py with --decks sample / seed, without reading every answer again.

    .venv/bin/python benchmarks/split_domain.py benchmarks/out/domain/all.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fit_point_model import SAMPLE_DECK, writer_sets


def main() -> None:
    all_pairs = Path(sys.argv[1])
    on_sample = {writer for writer, deck, _ in writer_sets() if deck == SAMPLE_DECK}
    rows = all_pairs.read_text().splitlines(keepends=True)
    for name, keep in (("sample", True), ("seed", False)):
        out = all_pairs.with_name(f"{name}.jsonl")
        out.write_text("".join(r for r in rows if (json.loads(r)["writer"] in on_sample) == keep))
        print(f"{out}: {sum(1 for _ in out.open())} pairs")


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
