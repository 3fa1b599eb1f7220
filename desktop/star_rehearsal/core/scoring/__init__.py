"""Score a spoken answer against its STAR story: key points, shape, length, pace, fillers.

The names below are imported from `score` on first use (core/lazy_exports: importing this
package from two threads at once must not deadlock)."""

from typing import TYPE_CHECKING

from star_rehearsal.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from star_rehearsal.core.scoring.score import (
        KeyPointResult,
        Score,
        pre_read,
        prepare,
        score_answer,
        warm_up,
    )

__all__ = ["KeyPointResult", "Score", "pre_read", "prepare", "score_answer", "warm_up"]
__getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, "score"))
