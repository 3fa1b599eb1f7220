"""The review of one scored take: built once (by the UI session) for a take just finished and for
one opened from History alike, so the review screen reads one typed object and never goes back
to the deck, the settings or the store.

The figures below read the `Score` the scorer produced; nothing here scores or recounts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.defaults import PACE_BAND_WPM

MIN_SPEECH_S = 5.0  # less speech than this: the take probably did not hear the user

if TYPE_CHECKING:  # the scorer's modules load lazily, off the UI thread
    from star_rehearsal.core.deck import Question, Story
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.transcript import Transcript


@dataclass(frozen=True)
class Pause:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Review:
    """Everything the review screen shows of one take."""

    score: Score
    transcript: Transcript
    take_id: str | None
    audio_path: Path | None
    question: Question | None  # None when the deck no longer has the take's question
    question_text: str  # the question as asked, kept with the take
    story: Story | None  # the deck's story, or the copy kept with the take
    band: tuple[float, float]  # the take's own target band (halved for a 30-second version)
    previous_overall: int | None = None  # the take before it of the same question
    told_story_title: str | None = None  # set when the answer sounded like another story

    # ---- what the score says, typed -------------------------------------------------------

    @property
    def has_audio(self) -> bool:
        return self.audio_path is not None and self.audio_path.is_file()

    @property
    def overall(self) -> int:
        return self.score.overall

    @property
    def duration_s(self) -> float:
        return float(self.score.duration_s or self.transcript.duration_s or 0.0)

    @property
    def story_title(self) -> str:
        return (self.story.title if self.story is not None else "") or self.score.story_id

    @property
    def actions_covered(self) -> tuple[int, int]:
        return self.score.actions_covered

    @property
    def results_covered(self) -> tuple[int, int]:
        return self.score.results_covered

    @property
    def key_points(self) -> list[dict[str, Any]]:
        """The key points in the score's JSON shape (what the transcript marks link to)."""
        return [k.to_json() for k in self.score.key_points]

    @property
    def components(self) -> dict[str, float]:
        return {k: float(v) for k, v in (self.score.data.get("components") or {}).items()}

    @property
    def setup(self) -> dict[str, float]:
        """How much of the Situation and the Task was set up (0..1 each)."""
        star = self.score.data.get("star") or {}
        return {k: float(star.get(k, 0) or 0) for k in ("situation", "task")}

    @property
    def star_seconds(self) -> dict[str, float]:
        star = self.score.data.get("star") or {}
        return {k: float(v) for k, v in (star.get("seconds") or {}).items()}

    @functools.cached_property
    def speech_s(self) -> float:
        """Seconds of speech the transcript accounts for (timed words, else segments). Kept:
        the review asks it seven times as it is drawn, on the UI thread (13 ms a 9-minute take)."""
        words = self.transcript.words
        if words:
            return float(sum(max(0.0, w.end - w.start) for w in words))
        segments = self.transcript.segments
        return float(sum(max(0.0, s.end - s.start) for s in segments if s.text.strip()))

    def listen_clip(self, index: int) -> tuple[float, float] | None:
        """Seconds to play for key point `index` (a checklist row, an "Unsure — listen"): the
        sentence of its evidence, timed by the transcript's words — not from one word of it to
        the end of the take (issue 30 rough edge 9). None when the point has no time."""
        point = self.score.key_points[index]
        if point.start is None:
            return None
        fallback = (float(point.start), float(point.end if point.end is not None else point.start))
        if point.span is None or point.span[1] > len(self.transcript.text):
            return fallback
        from star_rehearsal.core.scoring.timing import TextClock  # scoring loads lazily

        clock = TextClock(self.transcript, self.duration_s)
        return clock.clip(point.span) if clock.timed else fallback

    @functools.cached_property
    def near_silent(self) -> bool:
        """Nothing (or a few seconds) was heard: no figure of the take means anything, so the
        review praises nothing (issue 30: a silent 1:15 take was "on target")."""
        text = self.transcript.text.strip()
        if not text:
            return True
        timed = bool(self.transcript.words or self.transcript.segments)
        return self.speech_s < MIN_SPEECH_S if timed else len(text.split()) < 10

    @property
    def length_verdict(self) -> str:
        if self.near_silent:
            return "no answer heard"
        return str((self.score.data.get("length") or {}).get("verdict", ""))

    @property
    def words_per_minute(self) -> float:
        return float(self.score.data.get("words_per_minute", 0) or 0)

    @property
    def pace_range(self) -> tuple[float, float]:
        lo, hi = (self.score.data.get("pace") or {}).get("range") or PACE_BAND_WPM
        return float(lo), float(hi)

    @property
    def pace_verdict(self) -> str:
        return str((self.score.data.get("pace") or {}).get("verdict", ""))

    @property
    def filler_count(self) -> int:
        return int((self.score.data.get("fillers") or {}).get("count", 0) or 0)

    @property
    def fillers_by_word(self) -> dict[str, int]:
        return dict((self.score.data.get("fillers") or {}).get("by_word") or {})

    @property
    def filler_items(self) -> list[dict[str, Any]]:
        return list((self.score.data.get("fillers") or {}).get("items") or [])

    @property
    def pauses(self) -> list[Pause]:
        return [
            Pause(float(p["start"]), float(p["end"])) for p in self.score.data.get("pauses") or []
        ]

    @property
    def told_story_id(self) -> str | None:
        told = (self.score.data.get("told_story") or {}).get("id")
        return str(told) if told and told != self.score.story_id else None

    @property
    def coaching(self) -> dict[str, Any] | None:
        coaching = self.score.data.get("coaching")
        return dict(coaching) if coaching else None

    @property
    def drill(self) -> dict[str, Any] | None:
        drill = self.score.data.get("drill")
        return dict(drill) if drill else None

    # ---- the user's word (core.corrections) ---------------------------------------------------

    @property
    def user(self) -> dict[str, Any]:
        """What the user corrected on this take ({} when nothing)."""
        user = self.score.data.get("user")
        return dict(user) if isinstance(user, dict) else {}

    @property
    def user_calls(self) -> dict[str, bool]:
        """Point text -> the user's call (True: "I said this")."""
        return {str(k): bool(v) for k, v in (self.user.get("calls") or {}).items()}

    @property
    def transcript_corrected(self) -> bool:
        return bool(self.user.get("transcript_edited"))

    @property
    def original_text(self) -> str:
        """What the recogniser heard, when the user corrected it."""
        return str(self.user.get("original_text") or "")

    @property
    def scorer_overall(self) -> int | None:
        """The scorer's first overall, when the user's word changed it."""
        first = self.user.get("first_overall")
        return int(first) if isinstance(first, int | float) and first != self.overall else None

    @property
    def story_chosen(self) -> bool:
        """The user chose to score the take against the story they told."""
        return bool(self.user.get("story_chosen"))


def take_band(score: Score, fallback: tuple[float, float]) -> tuple[float, float]:
    """The band the take was judged against: its score keeps it; a 30-second version's drill
    report keeps the halved band; takes scored before either use `fallback` (the settings')."""
    kept = (score.data.get("length") or {}).get("target") or (score.data.get("drill") or {}).get(
        "band"
    )
    if kept:
        return float(kept[0]), float(kept[1])
    return float(fallback[0]), float(fallback[1])
