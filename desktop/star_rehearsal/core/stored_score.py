"""The one decoder of a stored score: every reader of `takes.score_json` (History, the review of
a stored take, `next`, the dashboard, `report`) goes through `decode_score`, so a row someone
edited, a half-written disk page or a score from another version costs that take only.

The shape below is what the readers index into (review, coaching panel, report, rating), not
everything the scorer writes: an unknown key is kept, a known key of the wrong type is refused.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any


class DamagedScore(ValueError):
    """A stored score that does not have the shape the readers need; says where it breaks."""


Check = Callable[[Any, str], None]


def _fail(path: str, value: Any, wanted: str) -> None:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    raise DamagedScore(f"{path} is {shown}, not {wanted}")


def _num(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        _fail(path, value, "a number")


def _int(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, value, "a whole number")


def _str(value: Any, path: str) -> None:
    if not isinstance(value, str):
        _fail(path, value, "text")


def _bool(value: Any, path: str) -> None:
    if not isinstance(value, bool | int) or isinstance(value, float):
        _fail(path, value, "true or false")


def _any(value: Any, path: str) -> None:
    """Anything: read only through str()."""


def _flag(value: Any, path: str) -> None:
    """True/false or a share 0..1 (star.situation has been both)."""
    if isinstance(value, bool):
        return
    _num(value, path)


def opt(check: Check) -> Check:
    def run(value: Any, path: str) -> None:
        if value is not None:
            check(value, path)

    return run


def pair(check: Check) -> Check:
    def run(value: Any, path: str) -> None:
        if not isinstance(value, list | tuple) or len(value) != 2:
            _fail(path, value, "a pair")
        check(value[0], f"{path}[0]")
        check(value[1], f"{path}[1]")

    return run


def list_of(check: Check) -> Check:
    def run(value: Any, path: str) -> None:
        if not isinstance(value, list):
            _fail(path, value, "a list")
        for i, item in enumerate(value):
            check(item, f"{path}[{i}]")

    return run


def map_of(check: Check) -> Check:
    def run(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            _fail(path, value, "a mapping")
        for key, item in value.items():
            check(item, f"{path}.{key}")

    return run


def obj(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    """A mapping whose listed keys, when present, have the listed shape."""

    def run(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            _fail(path, value, "a mapping")
        for key, check in fields.items():
            if key in value:
                check(value[key], f"{path}.{key}")
        for key in required:
            if key not in value:
                raise DamagedScore(f"{path}.{key} is missing")

    return run


def _voice_result(value: Any, path: str) -> None:
    obj({"point": _str, "verdict": _str, "start": opt(_num)}, ("point", "verdict"))(value, path)
    if value["verdict"] != "too short to tell":
        obj({"energy_db": _num, "pitch_movement": _num}, ("energy_db", "pitch_movement"))(
            value, path
        )


def _pitch(value: Any, path: str) -> None:
    obj({"range_st": opt(_num), "spread_st": opt(_num), "verdict": _str})(value, path)
    if value.get("range_st") is not None:
        obj({"spread_st": _num}, ("spread_st", "verdict"))(value, path)


_SPAN = pair(_int)
_POINT = obj(
    {"kind": _str, "text": _str, "covered": _bool, "confidence": _num, "evidence": _str,
     "start": opt(_num), "end": opt(_num), "span": opt(_SPAN), "unsure": opt(_bool)},
    ("kind", "text", "covered"),
)  # fmt: skip
_COACHING = obj({
    "parts": list_of(obj({"part": _str, "span": _SPAN}, ("part", "span"))),
    "ownership": obj({
        "verdict": _str, "share": opt(_num), "singular": _int, "plural": _int, "target": _num,
        "we_sentences": list_of(obj({"text": _str, "span": _SPAN, "words": list_of(_SPAN),
                                     "start": opt(_num)}, ("text", "span"))),
    }),
    "hedging": obj({
        "per_part": map_of(_int), "count": _int, "items": list_of(obj({"phrase": _str}, ("phrase",))),
        "callouts": list_of(_str), "passive_results": list_of(obj({"phrase": _str}, ("phrase",))),
    }),
    "voice": opt(obj({
        "error": _any, "pitch": _pitch,
        "monotone": list_of(obj({"start": _num, "seconds": _num}, ("start", "seconds"))),
        "results": list_of(_voice_result),
    })),
    "recital": obj({"recited_share": _num, "longest_run_words": _int, "verdict": _str}),
    "figures": list_of(obj({"said": _any, "expected": list_of(_str), "point": _str},
                           ("said", "expected", "point"))),
})  # fmt: skip
_SCORE = obj(
    {
        "story_id": _str, "overall": _num, "duration_s": _num, "duration_estimated": opt(_bool),
        "key_points": list_of(_POINT),
        "star": obj({"situation": opt(_flag), "task": opt(_flag), "seconds": opt(map_of(_num))}),
        "length": opt(obj({"target": opt(pair(_num)), "verdict": _any, "by_s": opt(_num)})),
        "words": opt(_num), "words_per_minute": opt(_num),
        "pace": opt(obj({"range": opt(pair(_num)), "verdict": _any})),
        "pauses": opt(list_of(obj({"start": _num, "end": _num}, ("start", "end")))),
        "fillers": opt(obj({
            "count": opt(_int), "per_minute": opt(_num), "by_word": opt(map_of(_int)),
            "items": opt(list_of(obj({"word": _any, "span": opt(_SPAN), "start": opt(_num)}))),
        })),
        "told_story": opt(obj({"id": opt(_str)})),
        "components": opt(map_of(_num)),
        "coaching": opt(_COACHING),
        "drill": opt(obj({
            "band": pair(_num), "previous_take": opt(_str), "survived": list_of(_str),
            "cut": list_of(_str), "added": list_of(_str),
        })),
    },
    ("overall",),
)  # fmt: skip
# What a review needs on top (Score.from_json indexes them): a score without them has a row in
# History and no review.
REVIEW_KEYS = ("story_id", "overall", "duration_s", "key_points")


def check_score(score: Any, need: tuple[str, ...] = ()) -> dict[str, Any]:
    """The score itself when it has the readers' shape (and the keys in `need`); DamagedScore
    says where it does not."""
    _SCORE(score, "score")
    for key in need:
        if key not in score:
            raise DamagedScore(f"score.{key} is missing")
    overall = score["overall"]
    if not 0 <= overall <= 100:
        raise DamagedScore(f"score.overall is {overall!r}, outside 0-100")
    if score.get("duration_s", 0) < 0:
        raise DamagedScore(f"score.duration_s is {score['duration_s']!r}, below 0")
    checked: dict[str, Any] = score
    return checked


def decode_score(
    raw: str | bytes | dict[str, Any] | None, need: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """A stored `score_json` (text or already parsed) as a checked dict; None when the take has no
    score. Raises DamagedScore naming what is wrong: the caller skips that take's score and
    lists the problem."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str | bytes):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise DamagedScore(f"the score is not valid JSON ({exc})") from None
    return check_score(raw, need)


def score_problem(take_id: str, exc: DamagedScore) -> str:
    """The one wording of a damaged score, for `store.problems` and every reader's listing."""
    return f"take {take_id}: its stored score is damaged ({exc}); the take is listed without it"
