"""Score a spoken answer against its STAR story: key points, shape, length, pace, fillers."""

from star_rehearsal.core.scoring.score import KeyPointResult, Score, prepare, score_answer, warm_up

__all__ = ["KeyPointResult", "Score", "prepare", "score_answer", "warm_up"]
