"""After a take finishes, the window updates by that take only (issue 34 item 2): no take is
decoded again, History gains one row without being refilled, the question list re-measures one
line, and the charts are drawn when History is shown, not while it is hidden. The real window
and the real takes store; the take is added as the finish job adds it, then the session says
so (takes_changed), which is what `_on_finished` does on the UI thread."""

from __future__ import annotations

from datetime import timedelta

from practice_helpers import T0, add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.question_list import QuestionList
from window_helpers import open_window

N = 200


def test_a_finished_take_is_added_not_everything_read_again(qtbot, tmp_path, sample_deck_path,
                                                            monkeypatch):  # fmt: skip
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    store.write_many([])  # the schema
    for i in range(N):
        add_take(store, q, story, T0 + timedelta(hours=i), make_score(story, covered=i % 4))
    store.close()
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "s.json",
                         ready=lambda w: w.session.question is not None and bool(w.practice.rows))  # fmt: skip
    session, history = window.session, window.history
    session.select_question(q)
    qtbot.waitUntil(lambda: history.table.rowCount() == N)
    assert not history.isVisible()
    rebuilds, draws = history.rebuilds, history.chart_draws
    decoded, whole_list = [], []
    monkeypatch.setattr(TakesStore, "list_takes", lambda *a, **k: decoded.append(a) or [])
    monkeypatch.setattr(QuestionList, "update_stats", lambda *a: whole_list.append(a))
    for k in range(3):
        take = session.store.new_take(q, story, str(sample_deck_path))  # the finish job's part
        session.store.finish_take(take.id, 70.0)
        session.store.save_score(take.id, make_score(story, covered=4, overall=90 + k))
        session.takes_changed.emit()  # what _on_finished says on the UI thread
        assert history.table.rowCount() == N + k + 1
        assert history.rows[-1].id == take.id and history.rows[-1].score == 90 + k
    assert decoded == [] and whole_list == []  # no take decoded, no list re-measured whole
    assert history.rebuilds == rebuilds and history.chart_draws == draws  # hidden: not drawn
    item = window.questions._items[q.id]
    assert item.text(1).startswith(f"{N + 3}×") and "best 92" in item.text(1)
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.chart_draws == draws + 1)  # drawn once, when shown
    session.delete_take(history.rows[0].id)  # a deletion reads the question again
    qtbot.waitUntil(lambda: history.table.rowCount() == N + 2)
    window.close()
