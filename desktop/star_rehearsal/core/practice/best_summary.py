"""Everything the best-answer panel and `best --json` show for one story, built once: the script,
the point history with its drill, and the pet phrases across the story's takes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from star_rehearsal.core.coaching.openings import across_takes
from star_rehearsal.core.deck import Story
from star_rehearsal.core.defaults import TARGET_BAND_S
from star_rehearsal.core.practice.best_answer import (
    NOT_YET,
    BestScript,
    NeverPractised,
    build_script,
    story_takes,
)
from star_rehearsal.core.practice.point_history import PointHistory, point_history
from star_rehearsal.core.takes import Take


@dataclass(frozen=True)
class BestSummary:
    script: BestScript
    history: PointHistory
    pet_phrases: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """`best --json`: the script's keys, then history, drill and pet_phrases."""
        out = self.script.to_json()
        out["history"] = self.history.to_json()
        out["drill"] = out["history"].pop("drill")
        out["pet_phrases"] = self.pet_phrases
        return out


def summarise(
    story: Story, takes: Sequence[Take], band: tuple[float, float] = TARGET_BAND_S
) -> BestSummary:
    """Raises best_answer.NeverPractised when the story has no scored take."""
    script = build_script(story, takes, band=band)
    texts = ((t.transcript or {}).get("text", "") for t in story_takes(story.id, takes))
    return BestSummary(script, point_history(story, takes), across_takes(texts))


def _md(text: str) -> str:
    return re.sub(r"([*_`|\[\]])", r"\\\1", text)


def report_lines(takes: Sequence[Take], band: tuple[float, float] = TARGET_BAND_S) -> list[str]:
    """The Markdown/PDF report's "Best answer" section: each story of these takes, scripted."""
    stories: dict[str, Story] = {}
    for t in takes:
        if t.story_id and t.story and t.score:
            stories[t.story_id] = Story.from_json(t.story)  # the newest copy of the story
    lines: list[str] = []
    for story in stories.values():
        try:
            script = build_script(story, takes, band=band)
        except NeverPractised:
            continue
        lines += ["", f"## Best answer: {_md(story.title)}", "",
                  f"About {script.seconds:.0f} s at {script.pace_wpm:.0f} wpm, from "
                  f"{script.takes} take(s); in italics: {NOT_YET}. [?] marks a word to check.", ""]  # fmt: skip
        for line in script.lines:
            text = _md(line.text) if line.own_words else f"*{_md(line.text)}* ({NOT_YET})"
            lines.append(f"- **{line.part[0].upper()}** {text}")
        if script.cut:
            cut = "; ".join(f"{_md(c.text)} ({c.seconds:.0f} s)" for c in script.cut)
            lines += [
                "",
                f"Cut to fit the {band[0]:g}–{band[1]:g} s band, lowest value first: {cut}",
            ]
    return lines
