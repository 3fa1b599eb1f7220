"""Issue 30 rough edge 9 (History): the charts plotted 30-second drills beside full takes, so
a drill read as a collapse of the score and length. The charts now plot full takes only; the
table keeps the drill, labelled. Rows are typed (HistoryRow, issue 28). Real store, real
window (offscreen); the scores are made by practice_helpers (no audio needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import soundfile as sf
from practice_helpers import add_take, make_score
from PySide6.QtCharts import QChartView, QScatterSeries
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.drill_status import mark_drill
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.history_rows import HistoryRow, take_row
from window_helpers import open_window

NOW = datetime.now(UTC)


def _plotted(view: QChartView) -> list[tuple[float, float]]:
    """The points the chart really draws (its scatter series)."""
    (dots,) = [s for s in view.chart().series() if isinstance(s, QScatterSeries)]
    return [(p.x(), p.y()) for p in dots.points()]


def test_the_charts_plot_full_takes_only_and_the_table_keeps_the_drill(
    qtbot, tmp_path, sample_deck_path
):  # type: ignore[no-untyped-def]
    deck = load_deck(sample_deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    add_take(store, q, story, NOW - timedelta(days=3), make_score(story, overall=80))
    drill = add_take(store, q, story, NOW - timedelta(days=2),
                     make_score(story, covered=1, overall=30, duration=31.0))  # fmt: skip
    mark_drill(store, drill)
    add_take(store, q, story, NOW - timedelta(days=1), make_score(story, overall=85))
    takes = store.list_takes(q.id)
    for take in takes:  # a recording each, so the window's recovery keeps their status
        sf.write(take.audio_path, np.zeros(16000, np.float32), 16000)
    store.close()
    assert [take_row(t).drill for t in sorted(takes, key=lambda t: t.started_at)] == [
        False, True, False,
    ]  # fmt: skip

    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json",
                         ready=lambda w: w.session.question is not None)  # fmt: skip
    window.session.select_question(q)
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() == 3 and history.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not history._charts_stale, timeout=10_000)
    assert all(isinstance(r, HistoryRow) for r in history.rows)
    assert [r.drill for r in history.rows] == [False, True, False], history.rows
    assert history.table.item(1, 4).text() == "30 s drill"  # the table keeps it, labelled
    assert _plotted(history.score_chart) == [(1.0, 80.0), (2.0, 85.0)]  # no 30 between them
    assert [y for _, y in _plotted(history.duration_chart)] == [75.0, 75.0]  # not the 31 s
    assert "1 drill left out" in history.score_chart.chart().title()
