"""Issue 30, rough edge 6: a 30-second version (drill) was unmarked in History and fed the
dashboard's trend, so a short drill after a full take showed "▼ 50". Real store and schedule,
real window (offscreen); the takes' scores are made by practice_helpers (no audio needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import soundfile as sf
from practice_helpers import add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.drill_status import mark_drill
from star_rehearsal.core.takes import TakesStore
from window_helpers import open_window

NOW = datetime.now(UTC)


def test_a_drill_is_marked_in_history_and_left_out_of_the_dashboard_trend(
    qtbot, tmp_path, sample_deck_path
):  # type: ignore[no-untyped-def]
    deck = load_deck(sample_deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    add_take(store, q, story, NOW - timedelta(days=2), make_score(story, covered=3, overall=80))
    drill = store.new_take(q, story, None)  # marked before its score lands, as finish_take does
    store.finish_take(drill.id, 30.0)
    sf.write(drill.audio_path, np.zeros(16000, np.float32), 16000)  # recovery keeps its status
    mark_drill(store, drill.id)
    store.save_score(drill.id, make_score(story, covered=1, overall=30))
    store.write_many([("UPDATE takes SET started_at = ? WHERE id = ?",
                       ((NOW - timedelta(days=1)).isoformat(), drill.id))])  # fmt: skip
    store.close()

    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "settings.json",
                         ready=lambda w: w.session.question is not None and bool(w.practice.rows))  # fmt: skip
    row = next(r for r in window.dashboard.visible_rows()
               if (r.question_id, r.story_id) == (q.id, story.id))  # fmt: skip
    assert row.takes == 2  # the drill is practice: counted
    assert row.last == 80 and row.trend is None  # but not "▼ 50" against the full take

    window.session.select_question(q)
    window.tabs.setCurrentWidget(window.history)
    table = window.history.table
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    statuses = [table.item(i, 4).text() for i in range(2)]
    assert "30 s drill" in statuses and statuses.count("30 s drill") == 1


def test_a_full_take_after_a_drill_is_compared_with_the_last_full_take(tmp_path, sample_deck_path):  # type: ignore[no-untyped-def]
    """The review's '+/- N against the previous take' read a drill's 30 as the baseline of
    the full answer after it. Real store."""
    deck = load_deck(sample_deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    add_take(store, q, story, NOW - timedelta(days=3), make_score(story, covered=3, overall=80))
    drill = add_take(store, q, story, NOW - timedelta(days=2), make_score(story, overall=30))
    mark_drill(store, drill)
    full = add_take(store, q, story, NOW - timedelta(days=1), make_score(story, overall=70))
    assert store.previous_overall(q.id, full) == 80
    store.close()


def test_the_question_report_marks_the_drill(tmp_path, sample_deck_path):  # type: ignore[no-untyped-def]
    """`report --question` listed a 30-second version like a full answer. Real store."""
    from star_rehearsal.core.practice.report import question_report

    deck = load_deck(sample_deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    add_take(store, q, story, NOW - timedelta(days=2), make_score(story, overall=80))
    drill = add_take(store, q, story, NOW - timedelta(days=1), make_score(story, overall=30))
    mark_drill(store, drill)
    report = question_report(q.text, store.list_takes(q.id), {})
    store.close()
    assert report.markdown.count("(30 s drill)") == 1
