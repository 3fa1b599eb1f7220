"""PracticeController: the practice state beside the RehearsalSession (FSRS cards, dashboard
rows, the practise-next queue) and the hooks that put the dashboard, the Practice menu and
the mock interview into the main window (`install`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from star_rehearsal.core.practice.queue import PracticeRow, deck_rows, load_rows, practise_next
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.practice.settings import PracticeSettings
from star_rehearsal.services.take import TakeState

if TYPE_CHECKING:
    from star_rehearsal.ui.main_window import MainWindow
    from star_rehearsal.ui.mock_session import MockSessionDialog
    from star_rehearsal.ui.session import RehearsalSession


class PracticeController(QObject):
    rows_changed = Signal(object)  # list[PracticeRow]

    def __init__(
        self, session: RehearsalSession, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(session)
        self.session = session
        self.clock = clock or (lambda: datetime.now(UTC))
        self._rows: list[PracticeRow] = []
        self._stale = False  # takes or the deck changed while the dashboard was not shown
        self.shown: Callable[[], bool] = lambda: True  # install(): the Dashboard tab is current
        self._store: PracticeStore | None = None
        self._store_of: object = None  # the takes store it was made for (by identity)

    @property
    def rows(self) -> list[PracticeRow]:
        """The dashboard's rows, built when first asked for after a change (`refresh_lazily`)."""
        if self._stale:
            self.refresh()
        return self._rows

    @rows.setter
    def rows(self, rows: list[PracticeRow]) -> None:
        self._rows, self._stale = rows, False

    def refresh_lazily(self) -> None:
        """Takes, the deck or the settings changed: the rows are built now if the dashboard is
        on screen, else when it is shown or they are asked for. Every take's summary is read
        to build them (10,000 takes: 0.25 s), which the window's start need not wait for."""
        if self.shown():
            self.refresh()
        else:
            self._stale = True

    def refresh_if_stale(self) -> None:
        """The dashboard was shown: the rows, if something changed meanwhile."""
        if self._stale and self.shown():
            self.refresh()

    @property
    def settings(self) -> PracticeSettings:
        return PracticeSettings.from_extra(self.session.settings.extra)

    def save_settings(self, practice: PracticeSettings) -> None:
        practice.store(self.session.settings.extra)
        self.session.save()
        self.refresh()

    @property
    def store(self) -> PracticeStore | None:
        """Follows the session's takes store (it changes with the data folder)."""
        takes = self.session.store
        if takes is not self._store_of:
            if self._store is not None:
                self._store.close()
            self._store = PracticeStore.for_takes(takes) if takes is not None else None
            self._store_of = takes
        return self._store

    def refresh(self) -> list[PracticeRow]:
        deck = self.session.deck
        if deck is None:
            self.rows = []
        else:
            now = self.clock()
            store = self.store
            if store is None:
                self.rows = deck_rows(deck, [], {}, now)
            else:
                read_only = bool(getattr(self.session.store, "read_only", False))
                try:
                    if read_only:  # a read-only folder shows the schedule as last saved
                        self.rows = deck_rows(deck, store.summaries(full=False), store.cards(), now)
                    else:  # the cards synced with new takes first, as `next` does
                        self.rows = load_rows(store, deck, now, self.session.settings.target_band,
                                              self.settings.interview)  # fmt: skip
                except Exception as exc:  # a damaged database must not take the window down
                    if not read_only:  # (read-only: the banner already says why)
                        self.session.notice.emit(
                            "error", f"The practice schedule could not be read: {exc}. "
                            "Choose another data folder in Settings.")  # fmt: skip
                    self.rows = deck_rows(deck, [], {}, now)
        self.rows_changed.emit(self.rows)
        return self.rows

    def queue(self) -> list[PracticeRow]:
        return practise_next(self.rows)

    def open_row(self, question_id: str, story_id: str) -> bool:
        deck = self.session.deck
        question = deck.question(question_id) if deck else None
        if question is None or self.session.state is TakeState.RECORDING:
            return False
        self.session.select_question(question)
        story = next((s for s in question.stories if s.id == story_id), None)
        if story is not None:
            self.session.select_story(story)
        return True

    def open_next(self) -> PracticeRow | None:
        queue = self.queue()
        if queue and self.open_row(queue[0].question_id, queue[0].story_id):
            return queue[0]
        return None


def install(window: MainWindow) -> PracticeController:
    """Dashboard tab, Practice menu and their wiring; called once by MainWindow."""
    from star_rehearsal.ui.dashboard_view import DashboardView

    session = window.session
    practice = PracticeController(session)
    window.practice = practice
    window.dashboard = DashboardView()
    index = window.tabs.addTab(window.dashboard, "Dashboard")

    def show_rows(rows: list[PracticeRow]) -> None:
        window.dashboard.set_rows(rows, practice.clock())

    def open_row(question_id: str, story_id: str) -> None:
        if practice.open_row(question_id, story_id):
            window.tabs.setCurrentIndex(0)
            window.rehearse.record.setFocus()

    def open_next() -> None:
        row = practice.open_next()
        if row is not None:
            window.tabs.setCurrentIndex(0)
            window.rehearse.record.setFocus()  # not the review's button, hidden now (issue 30)
            window.status.setText(f"Practise next: {row.question} — {row.story_title}")

    practice.rows_changed.connect(show_rows)
    practice.shown = lambda: window.tabs.currentWidget() is window.dashboard
    session.takes_changed.connect(practice.refresh_lazily)
    session.deck_changed.connect(lambda _d: practice.refresh_lazily())
    session.settings_changed.connect(lambda _s: practice.refresh_lazily())
    window.tabs.currentChanged.connect(lambda _i: practice.refresh_if_stale())
    window.dashboard.open_row.connect(open_row)
    window.dashboard.practise_next.connect(open_next)
    window.dashboard.start_mock.connect(lambda: start_mock(window))
    window.dashboard.export_report.connect(lambda qid: export_question(window, qid))
    window.dashboard.story_panel.connect(lambda sid: open_story(window, sid))

    menu = QMenu("&Practice", window)
    window.menuBar().insertMenu(window.help_menu.menuAction(), menu)  # Help stays the last menu
    window._action(menu, "Dashboard", "Ctrl+3", lambda: window.tabs.setCurrentIndex(index),
                   "Every question and story: scores, points never said, when due")  # fmt: skip
    window._action(menu, "Practise next", "Ctrl+Shift+N", open_next,
                   "Open the question the schedule says needs practice most")  # fmt: skip
    window._action(menu, "Mock interview…", "Ctrl+M", lambda: start_mock(window),
                   "Questions in a row, story card hidden, think time, follow-ups")  # fmt: skip
    window._action(menu, "Follow-up on this take", "Ctrl+U", lambda: follow_up_now(window),
                   "A follow-up question about a result or action the last take missed")  # fmt: skip
    window._action(menu, "Export report…", QKeySequence("Ctrl+E"),
                   lambda: export_question(window, session.question.id if session.question else ""),
                   "The current question's takes as Markdown or PDF")  # fmt: skip
    return practice


def start_mock(window: MainWindow) -> MockSessionDialog | None:
    from star_rehearsal.ui.mock_session import MockSessionDialog

    if window.session.deck is None:
        return None
    dialog = MockSessionDialog(window.session, window.practice, window)
    window.mock_dialog = dialog
    dialog.show()
    return dialog


def follow_up_now(window: MainWindow) -> MockSessionDialog | None:
    """The follow-up on the take in the review, in the mock-interview dialog."""
    from star_rehearsal.ui.mock_session import MockSessionDialog

    review = window.session.review
    if not review or window.session.state is TakeState.RECORDING:
        window.banner.show_message("warning", "Record or open a take first: the follow-up asks "
                                   "about a point that take missed.")  # fmt: skip
        return None
    dialog = MockSessionDialog(window.session, window.practice, window)
    if not dialog.start_follow_up(review):
        dialog.deleteLater()
        window.banner.show_message("info", "That take missed no result or action: "
                                   "there is nothing to follow up.")  # fmt: skip
        return None
    window.mock_dialog = dialog
    dialog.show()
    return dialog


def open_story(window: MainWindow, story_id: str) -> None:
    """The dashboard row's story: its point history per take and best answer, in the panel."""
    from star_rehearsal.ui.best_answer_view import open_story_panel

    deck = window.session.deck
    story = deck.story(story_id) if deck is not None else None
    if story is not None:
        window.best_dialog = open_story_panel(window, story)


def confirm_replace(window: MainWindow, paths: list[Path]) -> bool:
    """Ask before replacing files the save dialog did not name (the chart of a Markdown report)."""
    names = "\n".join(str(p) for p in paths)
    answer = QMessageBox.question(
        window, "Replace files?", f"The report also writes, and would replace:\n{names}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


def export_question(window: MainWindow, question_id: str, path: Path | None = None) -> list[Path]:
    """Ask where (unless told), then write the report of a question's takes."""
    from star_rehearsal.core.practice.report import question_report
    from star_rehearsal.ui.report_export import (
        default_report_name,
        targets,
        write_markdown,
        write_pdf,
    )

    session = window.session
    takes = session.takes_for(question_id) if question_id else []
    if not takes:
        window.banner.show_message("warning", "This question has no takes yet: record one first, "
                                   "then export its report.")  # fmt: skip
        return []
    if path is None:
        name, _ = QFileDialog.getSaveFileName(window, "Export report",
                                              default_report_name(question_id),
                                              "PDF (*.pdf);;Markdown (*.md)")  # fmt: skip
        if not name:
            return []
        path = Path(name)
    deck = session.deck
    titles = {s.id: s.title for s in deck.all_stories()} if deck else {}
    store = window.practice.store
    ratings = store.reviews([t.id for t in takes]) if store is not None else {}
    report = question_report(takes[-1].question_text, takes, titles, ratings)
    # The save dialog asked about the file chosen; a Markdown report's chart beside it would be
    # replaced without a word.
    others = [p for p in targets(report, path)[1:] if p.exists()]
    if others and not confirm_replace(window, others):
        return []
    try:
        written = (
            [write_pdf(report, path)]
            if path.suffix.lower() == ".pdf"
            else write_markdown(report, path)
        )
    except OSError as exc:
        window.banner.show_message("error", f"The report could not be written to {path}: {exc}. "
                                   "Choose another folder.")  # fmt: skip
        return []
    window.status.setText(f"Report written to {written[0]}")  # its name may have been cut
    return written
