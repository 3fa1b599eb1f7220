"""Score a spoken answer against its STAR story: key points, shape, length, pace, fillers."""

from star_rehearsal.core.scoring.score import (
    KeyPointResult,
    Score,
    pre_read,
    prepare,
    score_answer,
    warm_up,
)

__all__ = ["KeyPointResult", "Score", "pre_read", "prepare", "score_answer", "warm_up"]
