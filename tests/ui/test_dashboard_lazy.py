"""The window's start does not build the dashboard (issue 29 item 3: every take's summary is
read for it, 0.25 s of the start at 10,000 takes): its rows are built when the Dashboard tab is
shown, or when they are asked for (Practise next, a mock interview), and a take finished while
it is hidden only marks them stale. The real window, store and schedule."""

from __future__ import annotations

from datetime import timedelta

from practice_helpers import T0, add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui import practice as practice_ui
from window_helpers import open_window


def test_the_dashboard_is_built_when_shown(qtbot, tmp_path, sample_deck_path, monkeypatch) -> None:
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    for i in range(5):
        add_take(store, q, story, T0 + timedelta(hours=i), make_score(story, covered=i % 4))
    store.close()
    built: list[int] = []
    real = practice_ui.load_rows
    monkeypatch.setattr(practice_ui, "load_rows", lambda *a, **k: built.append(1) or real(*a, **k))
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "s.json")
    assert built == []  # not at start (the deck's signal, which built them, came before this)
    window.tabs.setCurrentWidget(window.dashboard)
    qtbot.waitUntil(lambda: window.dashboard.model.rowCount() > 0)
    assert len(built) == 1
    mine = next(r for r in window.dashboard.model.rows if r.story_id == story.id)
    assert mine.takes == 5
    window.tabs.setCurrentIndex(0)
    session = window.session
    take = session.store.new_take(q, story, str(sample_deck_path))
    session.store.finish_take(take.id, 70.0)
    session.store.save_score(take.id, make_score(story, covered=4, overall=90))
    session.takes_changed.emit()
    assert len(built) == 1  # hidden: only marked stale
    window.tabs.setCurrentWidget(window.dashboard)
    qtbot.waitUntil(lambda: len(built) == 2)
    mine = next(r for r in window.dashboard.model.rows if r.story_id == story.id)
    assert mine.takes == 6 and mine.last == 90
    window.tabs.setCurrentIndex(0)
    session.takes_changed.emit()
    assert next(r for r in window.practice.rows if r.story_id == story.id).takes == 6  # asked for
    window.close()
