"""The review's delivery coaching: ownership in the Actions, hedges per STAR part, the voice on
the result, recited vs own words, figures to check, and the 30-second drill's survivors.

Renders the typed `coaching` (and `drill`) parts of a score; links carry times to play from."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from star_rehearsal.ui import theme
from star_rehearsal.ui.timer_ring import clock

if TYPE_CHECKING:  # the scorer's modules load lazily, off the UI thread
    from star_rehearsal.core.scoring.coaching_parts import (
        Coaching,
        FigureCheck,
        Hedging,
        OwnershipReport,
        Recital,
        Voice,
        VoiceResult,
    )
    from star_rehearsal.core.scoring.score_parts import Drill


def _ink(kind: str) -> str:
    """The theme's colour for a finding (4.5:1 on its text areas; the fixed green, orange, grey
    and blue used before were 3.2-4.2:1, issue 30)."""
    return theme.colors()[{"good": "good", "warn": "fair", "muted": "muted", "link": "link"}[kind]]


PART_LETTER = {"situation": "S", "task": "T", "actions": "A", "results": "R"}


def _esc(text: str) -> str:
    return html.escape(text)


def _time_link(seconds: float | None, text: str, colour: str = "") -> str:
    colour = colour or _ink("link")
    if seconds is None:
        return text
    return f"<a href='time:{seconds}' style='text-decoration:none;color:{colour}'>{text}</a>"


def _row(label: str, body: str, colour: str | None = None) -> str:
    """One measure: a bold name, then its finding (paragraphs flow well in a narrow column)."""
    style = f" style='color:{colour}'" if colour else ""
    return f"<p style='margin:0 0 8px 0'><b>{label}</b>&nbsp;&nbsp;<span{style}>{body}</span></p>"


def _marked(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    """A sentence with the given character spans (absolute) in bold orange."""
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = a - offset, b - offset
        if a < pos or a < 0:
            continue
        out += [_esc(text[pos:a]), f"<b style='color:{_ink('warn')}'>{_esc(text[a:b])}</b>"]
        pos = b
    out.append(_esc(text[pos:]))
    return "".join(out)


def drill_html(drill: Drill) -> str:
    band = drill.band or (30, 45)
    head = f"30-second version ({clock(band[0])}–{clock(band[1])})"
    if drill.previous_take is None:
        return _row(head, "No full take of this question yet to compare with.", _ink("muted"))
    kept, cut = drill.survived, drill.cut
    total = len(kept) + len(cut)
    items = [f"<span style='color:{_ink('good')}'>✓ {_esc(t)}</span>" for t in kept]
    items += [f"<span style='color:{_ink('muted')}'>✗ {_esc(t)}</span>" for t in cut]
    items += [f"<span style='color:{_ink('good')}'>+ {_esc(t)}</span>" for t in drill.added]
    survived = "point survived" if total == 1 else "points survived"
    body = f"{len(kept)} of {total} {survived} the cut: " + " · ".join(items)
    return _row(head, body)


def ownership_html(own: OwnershipReport) -> str:
    verdict = own.verdict
    if verdict == "no actions":
        return _row("Ownership", "No Actions part was recognised.", _ink("muted"))
    head = f"Actions: “I” ×{own.singular} · “we” ×{own.plural}"
    if own.share is not None:
        head += f" — {own.share:.0%} “I” (aim ≥ {own.target:.0%})"
    colour = (
        _ink("good") if verdict == "owned" else (_ink("warn") if verdict == "mostly we" else None)
    )
    body = f"<span style='color:{colour or 'inherit'}'>{_esc(head)}</span>"
    if verdict == "mostly we":
        body += "<br>Say what <i>you</i> did:"
    for s in own.we_sentences[:4]:
        quote = _marked(s.text, s.words, s.span[0])
        body += "<br>“" + _time_link(s.start, quote) + "”"
    return _row("Ownership", body)


def hedging_html(hedge: Hedging) -> str:
    per = hedge.per_part
    split = " · ".join(f"{PART_LETTER[k]} {per.get(k, 0)}" for k in PART_LETTER)
    count = hedge.count
    body = f"{count} hedge{'s' * (count != 1)} ({split})"
    if count:
        words: dict[str, int] = {}
        for item in hedge.items:
            words[item.phrase] = words.get(item.phrase, 0) + 1
        body += ": " + ", ".join(f"“{_esc(w)}” ×{n}" for w, n in words.items())
    for callout in hedge.callouts[:3]:
        body += f"<br><span style='color:{_ink('warn')}'>{_esc(callout)}</span>"
    for p in hedge.passive_results[:2]:
        body += (
            f"<br><span style='color:{_ink('warn')}'>Passive result “{_esc(p.phrase)}”: "
            "say who did it.</span>"
        )
    return _row("Hedging", body, None if count or hedge.passive_results else _ink("good"))


def _result_html(r: VoiceResult) -> str:
    name = _esc(r.point)
    if r.verdict == "too short to tell":
        return f"<br>Result “{name}”: too short to tell."
    colour = (
        _ink("good")
        if r.verdict == "more"
        else (_ink("warn") if r.verdict == "less" else _ink("muted"))
    )
    said = (
        f"{r.verdict} lift {'as' if r.verdict == 'about the same' else 'than'} the rest "
        f"({r.energy_db or 0.0:+.1f} dB, pitch movement "
        f"×{r.pitch_movement or 0.0:.2f})"
    )
    if r.verdict == "less":
        said += " — this is the sentence to land"
    link = _time_link(r.start, "“" + name + "”")
    return f"<br>Result {link}: <span style='color:{colour}'>{said}</span>"


def voice_html(voice: Voice | None) -> str:
    if voice is None or not voice.to_json():
        return _row("Voice", "No recording to analyse.", _ink("muted"))
    if voice.error is not None:
        return _row("Voice", _esc(voice.error), _ink("muted"))
    pitch = voice.pitch
    if pitch is None or pitch.range_st is None:
        body = "Too little voiced speech to judge pitch."
    else:
        body = (
            f"Pitch range {pitch.range_st:.1f} semitones (spread {pitch.spread_st or 0.0:.1f}) — "
            f"{pitch.verdict}"
        )
    if voice.monotone:
        links = ", ".join(
            _time_link(m.start, f"{clock(m.start)} ({m.seconds:.0f} s)", _ink("warn"))
            for m in voice.monotone
        )
        body += f"<br><span style='color:{_ink('warn')}'>Monotone stretches: {links} — vary your pitch</span>"
    body += "".join(_result_html(r) for r in voice.results)
    return _row("Voice", body)


def recital_html(rec: Recital, figures: Sequence[FigureCheck]) -> str:
    share, run = rec.recited_share, rec.longest_run_words
    detail = f"{share:.0%} of your words in runs copied from the deck, longest {run} words"
    if rec.verdict == "sounds memorised":
        body = f"<span style='color:{_ink('warn')}'>Sounds memorised — retell it, don't recite it ({detail})</span>"
    else:
        body = f"<span style='color:{_ink('good')}'>Your own words</span> ({detail})"
    for f in figures:
        body += (
            f"<br><span style='color:{_ink('warn')}'>Check this figure: you said “{_esc(str(f.said))}”,"
            f" the story has {_esc(', '.join(f.expected))} ({_esc(f.point)})</span>"
        )
    return _row("Wording", body)


def coaching_html(coaching: Coaching | None, drill: Drill | None = None) -> str:
    """The score's `coaching` (and a 30-second version's `drill`) report as HTML."""
    if coaching is None or not coaching.to_json():
        return f"<p style='color:{_ink('muted')}'>No coaching for this take (scored before coaching existed).</p>"
    rows = [drill_html(drill)] if drill is not None and drill.to_json() else []
    rows += [
        ownership_html(coaching.ownership),
        hedging_html(coaching.hedging),
        voice_html(coaching.voice),
        recital_html(coaching.recital, coaching.figures),
    ]
    return "".join(rows)


class CoachingPanel(QWidget):
    drill_requested = Signal()
    play_at = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QTextBrowser(objectName="coachingPanel")
        self.view.setOpenLinks(False)
        self.view.setToolTip("How you said it: click a time or a quote to hear it")
        self.view.setAccessibleName("Delivery coaching")
        self.drill = QPushButton("30-second version")
        self.drill.setToolTip("Answer this question again with the band halved (D)")
        head = QHBoxLayout()
        head.addWidget(QLabel("Delivery coaching", objectName="captionLabel"))
        head.addStretch(1)
        head.addWidget(self.drill)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self.drill.clicked.connect(self.drill_requested)
        self.view.anchorClicked.connect(self._on_anchor)

    def show_coaching(self, coaching: Coaching | None, drill: Drill | None = None) -> None:
        self.view.setHtml(coaching_html(coaching, drill))

    def show_nothing_heard(self, drill: Drill | None = None) -> None:
        """A (near-)silent take: no finding would mean anything, so none is shown."""
        note = _row("Nothing to coach", "Little or no voice was heard in this take.", _ink("muted"))
        shown = drill is not None and drill.to_json()
        self.view.setHtml((drill_html(drill) if drill is not None and shown else "") + note)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, ref = url.toString().partition(":")
        if kind == "time" and ref:
            self.play_at.emit(float(ref))
