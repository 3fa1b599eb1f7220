"""Pieces of the review that teach: the checklist rows (missed first, with what to say next time),
the transcript with covered, unsure and low-confidence words marked, and the score's parts."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from star_rehearsal.core.scoring.polarity import WHY_NOT_COUNTED
from star_rehearsal.ui import theme

if TYPE_CHECKING:
    from star_rehearsal.core.review import Review
    from star_rehearsal.core.scoring.score import KeyPointResult
    from star_rehearsal.core.scoring.score_parts import FillerItem
    from star_rehearsal.core.transcript import Transcript, Word

# Whisper word probability below which a word is likely a recognition error: on espeak answers
# tiny.en's misheard words ("appointment" for "payment", "CV1" for "SEV one") sat at 0.19-0.31,
# while correct but unusual words stayed above 0.5.
LOW_PROBABILITY = 0.35
SAID_SETUP = 0.5  # shape.set_up() share at which the Situation / Task counts as set up
PART_LABELS = {
    "coverage": "Key points",
    "length": "Length",
    "setup": "Set-up",
    "fillers": "Fillers",
    "pace": "Pace",
}

MISSED, UNSURE, COVERED = "missed", "unsure", "covered"


@dataclass(frozen=True)
class ChecklistRow:
    state: str  # missed | unsure | covered
    label: str  # "Action", "Result", "Situation", "Task"
    text: str  # the story's own wording
    evidence: str = ""
    start: float | None = None
    point_index: int | None = None  # index into the score's key points
    user_call: bool | None = None  # the user's word on this point ("I said this": True)
    figure: str = ""  # its figure said wrong: "you said 10 %, the story has 35%" (issue 30)
    not_done: str = ""  # named but said as not done: "planned", "refused", "others", "opposite"

    @property
    def playable(self) -> bool:
        return self.start is not None and self.state != MISSED

    def display(self) -> str:
        text = self._display()
        if self.user_call is None:
            return text
        first, _, rest = text.partition("\n")
        return f"{first}  · your call" + (f"\n{rest}" if rest else "")

    def _display(self) -> str:
        if self.state == MISSED:
            return f"✗  Missed {self.label.lower()}\n     Say next time: “{self.text}”"
        if self.state == UNSURE:
            heard = f"\n     Heard: “{self.evidence}”" if self.evidence else ""
            heard += f"\n     Check this figure: {self.figure}" if self.figure else ""
            heard += (
                f"\n     Not counted: {WHY_NOT_COUNTED[self.not_done]}"
                if self.not_done in WHY_NOT_COUNTED
                else ""
            )
            return f"?  Unsure — listen · {self.label}: {self.text}{heard}"
        return f"✓  {self.label}: {self.text}"

    def tooltip(self) -> str:
        if self.user_call is not None:
            said = "said" if self.user_call else "did not say"
            return f"Your call: you {said} this (the score counts it so); change it below"
        if self.state == MISSED:
            return "Not said in this take: the story's own wording is under it"
        if self.state == UNSURE and self.not_done in WHY_NOT_COUNTED:
            return (
                f"Named, but {WHY_NOT_COUNTED[self.not_done]}: click to hear it; if you did do it, "
                "mark it “I said this” (Alt+I)"
            )
        if self.state == UNSURE:
            return "Possibly said: click to hear the closest words and judge for yourself"
        if self.evidence:
            return f"Said: “{self.evidence}” — click to hear it"
        return "Said in this take"


def checklist_rows(review: Review) -> list[ChecklistRow]:
    """Missed points first (Situation and Task included), then unsure, then covered."""
    rows: list[ChecklistRow] = []
    story = review.story
    for key, label in (("situation", "Situation"), ("task", "Task")):
        said = review.setup[key] >= SAID_SETUP
        wording = str(getattr(story, key, "") or "") if story is not None else ""
        if not wording and not said:
            wording = f"Set up the {label.lower()} in your first sentences"
        rows.append(ChecklistRow(COVERED if said else MISSED, label, wording or label))
    for i, p in enumerate(review.score.key_points):
        label = "Action" if p.kind == "action" else "Result"
        if p.covered:
            state = COVERED
        elif p.unsure:
            state = UNSURE
        else:
            state = MISSED
        call = review.user_calls.get(p.text)
        wrong = p.figure_mismatch
        figure = (
            f"you said {wrong.said}, the story has {', '.join(wrong.expected)}" if wrong else ""
        )
        not_done = (p.not_done or "") if state == UNSURE else ""
        rows.append(
            ChecklistRow(state, label, p.text, p.evidence or "", p.start, i, call, figure, not_done)
        )
    order = {MISSED: 0, UNSURE: 1, COVERED: 2}
    return sorted(rows, key=lambda r: order[r.state])  # stable: story order within a group


def star_split(seconds: dict[str, float], setup: dict[str, float]) -> str:
    """ "S 12s · T 4s · A 40s · R 9s"; a Situation or Task ticked as said but given no sentence
    of its own is shown with the other as "S+T" (never "T 0s" beside a ticked Task)."""
    if not seconds:
        return ""
    s, t = seconds.get("situation", 0.0), seconds.get("task", 0.0)
    ticked = [setup.get(k, 0.0) >= SAID_SETUP for k in ("situation", "task")]
    if (ticked[0] and round(s) == 0) or (ticked[1] and round(t) == 0):
        opening = [f"S+T {s + t:.0f}s" if round(s + t) else "S+T within the actions"]
    else:
        opening = [f"S {s:.0f}s", f"T {t:.0f}s"]
    rest = [
        f"{k[0].upper()} {v:.0f}s" for k, v in seconds.items() if k not in ("situation", "task")
    ]
    return " · ".join(opening + rest)


def part_points(share: float, weight: int) -> str:
    """Points earned of a part, never rounded up to full marks ("4.6", not "5" of 5)."""
    earned = share * weight
    if (share < 1.0 and round(earned) == weight) or 0 < earned < 1:
        return f"{earned:.1f}"
    return f"{earned:.0f}"


def word_spans(text: str, words: list[Word]) -> list[tuple[int, int, Word]]:
    """(start_char, end_char, word) for each timed word found in order in the text."""
    from star_rehearsal.core.practice.best_words import word_offsets

    return word_offsets(text, words)


def highlighted_transcript(
    text: str,
    points: Sequence[KeyPointResult],
    fillers: Sequence[FillerItem],
    words: list[Word] | None = None,
    palette: dict[str, str] | None = None,
) -> str:
    """HTML of the transcript: covered points, unsure points, fillers and words Whisper was
    unsure of are marked; links carry what to play."""
    c = palette or theme.colors()
    marks: list[tuple[int, int, str, str]] = []
    for i, p in enumerate(points):
        if p.span and (p.covered or p.unsure):
            kind = "point" if p.covered else "unsure"
            marks.append((p.span[0], p.span[1], kind, str(i)))
    for f in fillers:
        if f.span:
            at = "" if f.start is None else str(f.start)
            marks.append((f.span[0], f.span[1], "filler", at))
    marks.sort()
    low = [
        (a, b, w)
        for a, b, w in word_spans(text, words or [])
        if float(getattr(w, "probability", 1.0)) < LOW_PROBABILITY
    ]

    def plain(a: int, b: int, link: bool = True) -> str:
        """Text from a to b with low-probability words shaded (as links outside other marks)."""
        out, pos = [], a
        for wa, wb, w in low:
            if wa < pos or wb > b:
                continue
            out.append(html.escape(text[pos:wa]))
            word = html.escape(text[wa:wb])
            shade = f"background-color:{c['lowprob_bg']}"
            if link:
                out.append(
                    f"<a href='time:{float(w.start):.2f}' style='color:{c['text']};{shade};"
                    f"text-decoration:none'>{word}</a>"
                )
            else:
                out.append(f"<span style='{shade}'>{word}</span>")
            pos = wb
        out.append(html.escape(text[pos:b]))
        return "".join(out)

    out, pos = [], 0
    for start, end, kind, ref in marks:
        if start < pos:
            continue
        out.append(plain(pos, start))
        chunk = plain(start, end, link=False)
        if kind == "point":
            out.append(
                f"<a href='point:{ref}' style='color:{c['covered']};text-decoration:none;"
                f"font-weight:600'>{chunk}</a>"
            )
        elif kind == "unsure":
            out.append(
                f"<a href='point:{ref}' style='color:{c['unsure']};font-weight:600'>{chunk}</a>"
            )
        else:
            out.append(f"<a href='time:{ref}' style='color:{c['filler']}'><u>{chunk}</u></a>")
        pos = end
    out.append(plain(pos, len(text)))
    return "<div style='line-height:150%'>" + "".join(out) + "</div>"


def transcript_legend(palette: dict[str, str] | None = None) -> str:
    c = palette or theme.colors()
    return (
        f"<span style='color:{c['covered']};font-weight:600'>key point</span> · "
        f"<span style='color:{c['unsure']};font-weight:600'><u>unsure point</u></span> · "
        f"<span style='color:{c['filler']}'><u>filler</u></span> · "
        f"<span style='background-color:{c['lowprob_bg']}'>word the recogniser was unsure of"
        "</span> (maybe its error, not yours) · click any to listen"
    )


def speech_seconds(transcript: Transcript) -> float:
    """Seconds of speech the transcript accounts for (timed words, else segments)."""
    words = list(getattr(transcript, "words", []) or [])
    if words:
        return float(sum(max(0.0, w.end - w.start) for w in words))
    segments = getattr(transcript, "segments", ()) or ()
    return float(sum(max(0.0, s.end - s.start) for s in segments if s.text.strip()))


class ScoreParts(QWidget):
    """The score's parts as small labelled bars (earned of possible points)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[tuple[str, float, int]] = []  # (label, share 0..1, weight)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Score parts")
        self.setToolTip(
            "How the score is made: key points covered, length against the target, the "
            "situation and task set up, few fillers, pace in range"
        )

    def set_parts(self, components: dict[str, float], weights: dict[str, int]) -> None:
        self.parts = [
            (PART_LABELS.get(k, k), float(components.get(k, 0.0)), int(w))
            for k, w in weights.items()
        ]
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        return "; ".join(
            f"{label} {part_points(share, w)} of {w}" for label, share, w in self.parts
        )

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 4

    def sizeHint(self) -> QSize:
        return QSize(260, max(1, len(self.parts)) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, max(1, len(self.parts)) * self._row_height())

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        label_w = max((fm.horizontalAdvance(lbl) for lbl, _, _ in self.parts), default=60) + 10
        value_w = fm.horizontalAdvance("00.0/00") + 8
        text = self.palette().windowText().color()
        h = self._row_height()
        for i, (label, share, weight) in enumerate(self.parts):
            y = i * h
            p.setPen(text)
            p.setFont(self.font())
            p.drawText(QRectF(0, y, label_w, h), int(Qt.AlignmentFlag.AlignVCenter), label)
            bar = QRectF(label_w, y + h / 2 - 3, max(10.0, self.width() - label_w - value_w), 6)
            track = QColor(text)
            track.setAlphaF(0.12)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(bar, 3, 3)
            fill = QRectF(bar.left(), bar.top(), bar.width() * max(0.0, min(1.0, share)), 6)
            p.setBrush(QColor(theme.score_color(share * 100)))
            if fill.width() > 0:
                p.drawRoundedRect(fill, 3, 3)
            p.setPen(text)
            small = QFont(self.font())
            p.setFont(small)
            p.drawText(
                QRectF(self.width() - value_w, y, value_w, h),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                f"{part_points(share, weight)}/{weight}",
            )
        p.end()
