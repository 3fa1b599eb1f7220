"""What the window's start reads from the takes store (issue 29 item 3): every question's stats
once (they were read twice: before the deck was read, and for it), and recovery's check from
the caller's thread, without waiting for the writer thread when nothing needs repair. The real
window and store; the readers are counted, not replaced."""

from __future__ import annotations

import threading
from datetime import timedelta

from practice_helpers import T0, add_take, make_score
from star_rehearsal.core import takes_recover, takes_summary
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.takes_writer import StoreWriter
from window_helpers import open_window


def test_the_start_reads_the_stats_once_and_never_waits_for_the_writer(
    qtbot, tmp_path, sample_deck_path, monkeypatch
) -> None:
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    for i in range(4):
        take_id = add_take(store, q, story, T0 + timedelta(hours=i), make_score(story))
        (tmp_path / "data" / "takes" / f"{take_id}.wav").write_bytes(b"")
    store.close()
    stats: list[int] = []
    real_stats = takes_summary.all_question_stats
    monkeypatch.setattr(takes_summary, "all_question_stats",
                        lambda s: stats.append(1) or real_stats(s))  # fmt: skip
    waited: list[str] = []
    real_run = StoreWriter.run

    def run(self: StoreWriter, op):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            waited.append(getattr(op, "__name__", "?"))
        return real_run(self, op)

    monkeypatch.setattr(StoreWriter, "run", run)
    checked: list[bool] = []
    real_check = takes_recover.needs_repair
    monkeypatch.setattr(takes_recover, "needs_repair",
                        lambda s: checked.append(real_check(s)) or checked[-1])  # fmt: skip
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", tmp_path / "s.json")
    assert checked == [False]  # the check ran, found nothing to repair
    assert waited == []  # so the window's thread never waited for the writer
    assert stats == [1]  # the question list's stats, read once
    assert window.questions._items[q.id].text(1).startswith("4×")
    window.close()
