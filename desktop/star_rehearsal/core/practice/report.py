"""Reports as Markdown: one question's takes, or one mock session. Text and figures only: the
audio stays on this machine. `chart` carries the scores to draw; the PDF writer (ui side, Qt)
draws it as an image, and the Markdown links that image by `CHART_NAME`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from star_rehearsal.core.plain import markdown_literal as lit
from star_rehearsal.core.practice.mock import FOLLOW_UP, MockSession
from star_rehearsal.core.practice.rating import coverage_of, missed_points
from star_rehearsal.core.scoring.polarity import WHY_NOT_COUNTED

CHART_NAME = "scores.png"


@dataclass(frozen=True)
class Report:
    title: str
    markdown: str  # without the chart link; `with_chart()` adds it
    chart: list[tuple[str, int]] = field(default_factory=list)  # (label, score 0-100)

    def with_chart(self, image: str | None = CHART_NAME) -> str:
        if not image or len(self.chart) < 1:
            return self.markdown
        head, _, rest = self.markdown.partition("\n\n")
        return f"{head}\n\n![Scores over takes]({image})\n\n{rest}"


def _when(take: Any) -> str:
    try:
        return datetime.fromisoformat(take.started_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(take.started_at)[:16]


def _length(take: Any) -> str:
    length = "–" if take.duration_s is None else f"{take.duration_s:.0f} s"
    marks = {"drill": " (30 s drill)", "too-short": " (too short, not scored)"}
    return length + marks.get(str(getattr(take, "status", "")), "")  # as History marks them


def _cell(text: str) -> str:
    return lit(text)  # deck text is words, never markup (its `|` too)


def question_report(
    question_text: str, takes: list[Any], story_titles: dict[str, str],
    ratings: dict[str, dict[str, Any]] | None = None,
) -> Report:  # fmt: skip
    """`takes`: core Take objects of one question, oldest first."""
    ratings = ratings or {}
    scored = [t for t in takes if t.score]
    lines = [f"# {lit(question_text)}", "",
             f"{len(takes)} take{'s' * (len(takes) != 1)}, {len(scored)} scored · report made "
             f"{datetime.now().astimezone().strftime('%Y-%m-%d %H:%M')}", ""]  # fmt: skip
    if scored:
        best = max(t.overall or 0 for t in scored)
        lines += [f"Best score **{best}**/100, last **{scored[-1].overall}**/100.", ""]
    lines += ["| # | when | story | length | score | points | rating |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    for i, t in enumerate(takes, 1):
        covered, total = coverage_of(t.score or {})
        rating = ratings.get(t.id, {}).get("rating", "")
        story = story_titles.get(t.story_id or "", t.story_id or "")
        lines.append(f"| {i} | {_when(t)} | {_cell(story)} | {_length(t)} | "
                     f"{'–' if t.overall is None else t.overall} | "
                     f"{f'{covered}/{total}' if total else '–'} | {rating} |")  # fmt: skip
    if any(ratings.get(t.id) for t in takes):
        lines += ["", "*rating*: how the practice schedule read the take (again, hard, good or "
                  "easy, from the points said, the length and the fillers); it sets when the "
                  "question comes round again."]  # fmt: skip
    damaged = [t for t in takes if getattr(t, "score_problem", None)]
    if damaged:  # said in the report too: a take missing from the figures has a reason
        lines += ["", "## Scores left out", ""] + [f"- {lit(t.score_problem)}" for t in damaged]
    never = _never_said(scored)
    if never:
        lines += ["", "## Never said in any take", ""] + [f"- {lit(p)}" for p in never]
    from star_rehearsal.core.practice.best_summary import report_lines  # issue 33

    lines += report_lines(scored)
    if scored:
        last = scored[-1]
        lines += ["", f"## Latest take ({_when(last)})", ""]
        lines += _take_details(last.score, last.transcript)
        text = (last.transcript or {}).get("text", "").strip()
        if text:
            lines += ["", "Transcript:", "", f"> {lit(text)}"]
    chart = [(str(i), int(t.overall)) for i, t in enumerate(scored, 1) if t.overall is not None]
    return Report(f"Report: {question_text}", "\n".join(lines) + "\n", chart)


def _never_said(takes: list[Any]) -> list[str]:
    if not takes:
        return []
    said: set[str] = set()
    points: dict[str, None] = {}
    for t in takes:
        for p in t.score.get("key_points", []):
            points.setdefault(p.get("text", ""), None)
            if p.get("covered"):
                said.add(p.get("text", ""))
    return [p for p in points if p and p not in said]


def _take_details(score: dict[str, Any], transcript: dict[str, Any] | None = None) -> list[str]:
    covered, total = coverage_of(score)
    fillers = (score.get("fillers") or {}).get("count", 0)
    wpm = score.get("words_per_minute")
    lines = [f"Score {score.get('overall')}/100 · {covered}/{total} points · "
             f"{score.get('duration_s', 0):.0f} s · {wpm} wpm · {fillers} fillers"]  # fmt: skip
    lines += _user_word(score.get("user"))
    from star_rehearsal.core.coaching.verdict import report_lines as verdict_lines

    lines += [""] + [m + lit(text) for m, text in verdict_lines(score, transcript)]  # issue 30
    missed = missed_points(score)
    why = {
        str(p.get("text", "")): WHY_NOT_COUNTED[str(p["not_done"])]
        for p in score.get("key_points") or []
        if p.get("not_done") in WHY_NOT_COUNTED
    }
    if missed:
        lines += ["", "Missed:"] + [
            f"- {kind}: {lit(text)}"
            + (f" (named, but not counted: {why[text]})" if text in why else "")
            for kind, text in missed
        ]
    return lines


def session_report(session: MockSession, takes: dict[str, Any]) -> Report:
    """`takes`: take id -> core Take, for the takes of the session."""
    answers = [m for m in session.takes if m.role != FOLLOW_UP]
    lines = [f"# Mock interview, {session.started_at[:16].replace('T', ' ')} UTC", "",
             f"{len(answers)} of {len(session.plan)} questions answered · think time "
             f"{session.think_s:.0f} s · order: {session.mode}", ""]  # fmt: skip
    lines += ["| # | question | score | length | points |", "|---|---|---|---|---|"]
    chart = []
    for m in answers:
        t = takes.get(m.take_id)
        if t is None:
            continue
        covered, total = coverage_of(t.score or {})
        lines.append(f"| {m.position} | {_cell(m.prompt)} | "
                     f"{'–' if t.overall is None else t.overall} | {_length(t)} | "
                     f"{f'{covered}/{total}' if total else '–'} |")  # fmt: skip
        if t.overall is not None:
            chart.append((f"Q{m.position}", int(t.overall)))
    for m in answers:
        t = takes.get(m.take_id)
        lines += ["", f"### {m.position}. {lit(m.prompt)}", ""]
        if t is None or not t.score:
            lines.append("Not scored (the take was interrupted; its audio is kept).")
            continue
        lines += _take_details(t.score, t.transcript)
        for f in (f for f in session.takes if f.parent_take_id == m.take_id):
            ft = takes.get(f.take_id)
            got = (
                [p["text"] for p in (ft.score or {}).get("key_points", []) if p.get("covered")]
                if ft
                else []
            )
            lines += ["", f"Follow-up: *{lit(f.prompt)}*", ""]
            asked = len(f.points or [])
            lines.append(f"Recovered {len(got)} of {asked} missed point{'s' * (asked != 1)}"
                         + (": " + "; ".join(map(lit, got)) if got else "."))  # fmt: skip
    return Report(f"Mock interview {session.id}", "\n".join(lines) + "\n", chart)


def _user_word(user: Any) -> list[str]:
    """The user's word on the take (core.corrections), under its figures."""
    if not isinstance(user, dict) or not user:
        return []
    lines = ["", f"Your word (the scorer first said {user.get('first_overall')}):"]
    if user.get("transcript_edited"):
        lines.append(f"- transcript corrected; first heard: {lit(user.get('original_text', ''))}")
    if user.get("story_chosen"):
        lines.append(f"- scored against the story told: {lit(str(user['story_chosen']))}")
    for point, said in (user.get("calls") or {}).items():
        lines.append(f"- {'I said this' if said else 'I did not say this'}: {lit(point)}")
    return lines
