"""Issue 28: `Score` is a typed dataclass tree, and `score --json` did not move by a byte.

The proof: labelled answers (ours against the sample deck; ../shared/eval-dev against the seed
deck where present) are scored by the real scorer, as plain text and as a timed transcript. Its measures still arrive as the JSON they
always were (`Score.built`'s `data`, assembled by unchanged code); the JSON as the old
`Score.to_json` wrote it (the five core keys, then `**data`) is compared, as bytes, with what the
typed tree writes, and the typed tree read back from those bytes writes them again.
Every 4th answer of each file by default (scoring all ~230 takes minutes on a busy machine);
STAR_ALL_ANSWERS=1 scores every one.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring.coaching_parts import Coaching, Voice
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.scoring.score_parts import Fillers, SetUp
from star_rehearsal.core.transcript import Transcript

ROOT = Path(__file__).resolve().parents[2]
OURS = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.jsonl"))
FULL_SCORE = ROOT / "tests" / "fixtures" / "scores" / "full-score.json"
AUDIO = ROOT / "tests" / "fixtures" / "audio" / "early-stop.flac"


class Captured:
    """Score.built, watched: keeps the JSON the old Score.to_json would have written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.old: list[str] = []
        built = Score.built.__func__  # type: ignore[attr-defined]

        def watch(cls: type[Score], *args: Any) -> Score:
            story_id, overall, duration_s, estimated, key_points, data = args
            old = {"story_id": story_id, "overall": overall, "duration_s": round(duration_s, 2),
                   "duration_estimated": estimated, "key_points": [k.to_json() for k in key_points],
                   **copy.deepcopy(data)}  # fmt: skip
            self.old.append(json.dumps(old, sort_keys=False))
            result: Score = built(cls, *args)
            return result

        monkeypatch.setattr(Score, "built", classmethod(watch))


def _answers(path: Path, stride: int = 1) -> list[dict[str, Any]]:
    answers = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return answers[::stride]


STRIDE = 1 if os.environ.get("STAR_ALL_ANSWERS") else 4


def timed(text: str) -> Transcript:
    """The answer as a timed transcript (0.4 s a word, a 1.5 s pause every 12 words, pieces of
    12 words): the timed keys (`start` of fillers, hedges, quotes; openings) get written too."""
    from star_rehearsal.core.transcript import Segment, Word

    words, at = [], 0.0
    for i, token in enumerate(text.split()):
        at += 1.5 if i and i % 12 == 0 else 0.0
        words.append(Word(at, at + 0.35, token))
        at += 0.4
    pieces = [words[i : i + 12] for i in range(0, len(words), 12)]
    segments = tuple(
        Segment(p[0].start, p[-1].end, " ".join(w.text for w in p), tuple(p)) for p in pieces
    )
    return Transcript(text=" ".join(w.text for w in words), segments=segments, duration_s=at)


def _same_bytes(deck_path: Path, files: list[Path], monkeypatch: pytest.MonkeyPatch) -> int:
    from star_rehearsal.core.deck_parser import load_deck

    deck = load_deck(deck_path)
    captured = Captured(monkeypatch)
    n = 0
    for path in files:
        for answer in _answers(path, STRIDE):
            story = deck.story(answer["target_story_id"])
            assert story is not None
            for transcript in (Transcript.from_text(answer["text"]), timed(answer["text"])):
                score = score_answer(story, transcript, deck=deck)
                new = json.dumps(score.to_json(), sort_keys=False)
                assert new == captured.old[-1], f"{path.name} {answer['id']}"
                again = Score.from_json(json.loads(new))
                assert json.dumps(again.to_json(), sort_keys=False) == new  # a take reloads
                assert again == replace(score, duration_s=round(score.duration_s, 2))  # stored
                n += 1
    return n


def test_our_answers_write_the_same_bytes(
    sample_deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _same_bytes(sample_deck_path, OURS, monkeypatch) >= 200 // STRIDE


def test_eval_dev_answers_write_the_same_bytes(
    seed_deck_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted((shared_dir / "eval-dev").glob("*.jsonl"))
    assert _same_bytes(seed_deck_path, files, monkeypatch) >= 200 // STRIDE


def test_the_voice_and_its_failure_are_typed_and_unchanged(
    sample_deck_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A recording at hand adds `coaching.voice` (a real one here, of other words: the voice
    measures do not depend on them); an unreadable one adds its error, and both keep the bytes."""
    from star_rehearsal.core.deck_parser import load_deck

    deck = load_deck(sample_deck_path)
    answer = _answers(OURS[0])[0]
    story = deck.story(answer["target_story_id"])
    assert story is not None
    captured = Captured(monkeypatch)
    text = Transcript.from_text(answer["text"])
    voiced = score_answer(story, text, deck=deck, audio=AUDIO)
    assert json.dumps(voiced.to_json()) == captured.old[-1]
    assert voiced.coaching is not None and isinstance(voiced.coaching.voice, Voice)
    assert voiced.coaching.voice.pitch is not None and voiced.coaching.voice.error is None
    broken = tmp_path / "not-audio.wav"
    broken.write_text("not a recording")
    failed = score_answer(story, text, deck=deck, audio=broken)
    assert json.dumps(failed.to_json()) == captured.old[-1]
    assert failed.coaching is not None and failed.coaching.voice is not None
    assert "could not be analysed" in (failed.coaching.voice.error or "")
    assert list(failed.to_json()["coaching"]["voice"]) == ["error"]


def test_a_stored_score_reads_typed_and_writes_back_what_it_read() -> None:
    stored = json.loads(FULL_SCORE.read_text())
    score = Score.from_json(stored)
    assert score.to_json() == stored
    assert json.dumps(score.to_json()) == json.dumps(stored)
    assert isinstance(score.star, SetUp) and isinstance(score.fillers, Fillers)
    assert isinstance(score.coaching, Coaching)
    assert score.fillers.count == stored["fillers"]["count"]
    assert [i.word for i in score.fillers.items] == [i["word"] for i in stored["fillers"]["items"]]


def test_an_old_score_keeps_its_own_keys_and_order() -> None:
    """A take scored by an older version: keys missing (no coaching, no openings), a key this
    version does not know, keys in another order. It loads, reads defaults, writes back itself."""
    old = {"overall": 61, "story_id": "s1", "duration_s": 80.0,
           "key_points": [{"kind": "action", "text": "did it", "covered": True, "confidence": 0.9,
                           "unsure": False, "evidence": "did it"}],
           "star": {"situation": True}, "from_the_future": {"x": [1, 2]},
           "fillers": {"count": 2}}  # fmt: skip
    score = Score.from_json(old)
    assert score.to_json() == old
    assert list(score.to_json()) == list(old)
    assert score.coaching is None and score.openings is None and score.duration_estimated is False
    assert score.fillers.count == 2 and score.fillers.items == ()
    assert score.star.situation is True and score.star.task == 0.0
    assert score.extra == {"from_the_future": {"x": [1, 2]}}


def test_with_data_sets_a_key_in_place_and_keeps_the_rest() -> None:
    score = Score.from_json(json.loads(FULL_SCORE.read_text()))
    drilled = score.with_data(drill={"band": [15.0, 22.5], "previous_take": None})
    assert drilled.drill is not None and drilled.drill.band == (15.0, 22.5)
    assert drilled.key_points is score.key_points and drilled.duration_s == score.duration_s
    assert drilled.to_json() == {**score.to_json(), "drill": {"band": [15.0, 22.5],
                                                              "previous_take": None}}  # fmt: skip
    assert score.data == {k: v for k, v in score.to_json().items() if k not in (
        "story_id", "overall", "duration_s", "duration_estimated", "key_points")}  # fmt: skip
