"""The main window: question list on the left; Rehearse / Review and History on the right.

It wires view signals to the session and session signals to views; no logic of its own beyond
which page is visible."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.deck import Deck, Question, Story
from star_rehearsal.core.review import Review
from star_rehearsal.core.settings import Settings
from star_rehearsal.core.wording import count
from star_rehearsal.ui.deck_watcher import DeckWatcher
from star_rehearsal.ui.history_view import HistoryView
from star_rehearsal.ui.key_guard import KeyGuard
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.practice import install as install_practice
from star_rehearsal.ui.question_list import QuestionList
from star_rehearsal.ui.rehearse_view import RehearseView
from star_rehearsal.ui.review_view import ReviewView
from star_rehearsal.ui.session import FINISHING, IDLE, RECORDING, REVIEW, RehearsalSession
from star_rehearsal.ui.take_corrections import install as install_corrections

if TYPE_CHECKING:
    from star_rehearsal.core.takes_summary import TakeLine
    from star_rehearsal.ui.best_answer_view import BestAnswerDialog
    from star_rehearsal.ui.dashboard_view import DashboardView
    from star_rehearsal.ui.mock_session import MockSessionDialog
    from star_rehearsal.ui.practice import PracticeController
    from star_rehearsal.ui.take_corrections import TakeCorrections


class Banner(QFrame):
    """An in-window message (error, warning, info) with what to do; dismissible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="banner")
        self.text = PlainLabel(max_chars=2000)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Message")
        close = QPushButton("Dismiss", objectName="flatButton")
        close.setToolTip("Hide this message")
        # The one action that fixes the problem, when it is in Settings.
        self.settings_button = QPushButton("Open Settings…", objectName="flatButton")
        self.settings_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 8, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        close.clicked.connect(self.hide)
        self.kind = self.about = ""
        self.hide()

    def show_message(self, kind: str, message: str, about: str = "") -> None:
        """`about` names what the message is about ("deck"), so fixing it can take it away."""
        self.kind, self.about = kind, about
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(message)
        self.settings_button.setVisible("Settings" in message)
        self.show()


class MainWindow(QMainWindow):
    practice: PracticeController  # these three are set by ui.practice.install
    dashboard: DashboardView
    mock_dialog: MockSessionDialog | None = None
    corrections: TakeCorrections  # set by ui.take_corrections.install
    best_dialog: BestAnswerDialog | None = None  # a story's panel opened from the dashboard

    def __init__(self, session: RehearsalSession) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle("STAR Rehearsal")
        self.questions = QuestionList()
        self.deck_messages = QListWidget(objectName="deckMessages")
        self.deck_messages.setToolTip("Problems found in the deck file, with their line numbers")
        # Each warning wrapped to the panel's width (a long one was cut at ~50 characters),
        # the list scrolls when there are many; the whole warning is also its tooltip.
        self.deck_messages.setWordWrap(True)
        self.deck_messages.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.deck_messages.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.deck_messages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.deck_messages.setSpacing(3)  # one warning apart from the next
        self.deck_messages.setMaximumHeight(180)
        self.deck_messages.hide()
        left = QWidget(objectName="sidebar")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.questions, 1)
        lv.addWidget(self.deck_messages)
        self.rehearse = RehearseView()
        self.review = ReviewView()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.rehearse)
        self.pages.addWidget(self.review)
        self.history = HistoryView()
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.pages, "Rehearse")
        self.tabs.addTab(self.history, "History")
        self.banner = Banner()
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(0)
        rv.addWidget(self.banner)
        rv.addWidget(self.tabs, 1)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([330, 870])
        self.split.setChildrenCollapsible(False)
        self.setCentralWidget(self.split)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # "Practise next: <question>"
        self.progress = QProgressBar(maximumWidth=160, maximumHeight=14)
        self.progress.setTextVisible(False)
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.watcher = DeckWatcher(self)
        self._rev = 0  # the store revision History and the question list have read up to
        self._rev_of: object = None  # ...of this store
        self._counts: dict[str, int] = {}  # takes per question shown, to notice a deletion
        self._history_question: str | None = ""  # whose takes History shows (None: all)
        self._history_stale = False  # its rows are read again when History is next shown
        self._build_actions()
        self._connect()
        self.practice = install_practice(self)  # Dashboard tab, Practice menu, mock interviews
        self._practice_problems: tuple[str, ...] = ()
        self.practice.rows_changed.connect(lambda _rows: self._say_practice_problems())
        install_corrections(self)  # the user's word on the reviewed take (issue 30)
        self.setTabOrder(self.questions.filter, self.questions.tree)
        self.setTabOrder(self.questions.tree, self.rehearse.stories)
        self.setTabOrder(self.rehearse.stories, self.rehearse.card_button)
        self.setTabOrder(self.rehearse.card_button, self.rehearse.record)
        self.rehearse.timer.set_band(session.settings.target_band)
        self.rehearse.set_card_visible(session.settings.show_story_card)
        self.banner.settings_button.clicked.connect(self.open_settings)
        self.key_guard = KeyGuard(self.questions.filter, self.questions.tree, self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.key_guard.follow_focus(app)
        self.questions.tree.setFocus()  # not the filter: Space and N must work from the start
        self._restore_geometry()

    # ---- actions and wiring ------------------------------------------------------------------

    def _action(
        self,
        menu: QMenu,
        text: str,
        keys: str | QKeySequence | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        file = self.menuBar().addMenu("&File")
        self.open_action = self._action(
            file,
            "&Open deck…",
            QKeySequence.StandardKey.Open,
            self.choose_deck,
            "Open a Markdown deck of STAR stories",
        )
        self._action(file, "&Reload deck", "Ctrl+R", self.reload_deck, "Read the deck file again")
        from star_rehearsal.ui import deck_menu  # "New deck from template…", "Open sample deck"

        deck_menu.add_actions(self, file)
        file.addSeparator()
        self._action(file, "&Settings…", "Ctrl+,", self.open_settings, "Microphone, model, targets")
        file.addSeparator()
        self._action(file, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        take = self.menuBar().addMenu("&Rehearse")
        self.record_action = self._action(
            take, "Record / Stop", "Space", self.session.toggle_recording, "Start or stop answering"
        )
        self.next_action = self._action(take, "Next question", "N", self.session.next_question)
        self.play_action = self._action(take, "Play / Pause take", "P", self.review.toggle_play)
        self.again_action = self._action(take, "Try again", "Return", self.try_again)
        self.again_action.setEnabled(False)
        self.stop_waiting_action = self._action(
            take,
            "Stop waiting for the score",
            "Esc",
            self.session.stop_waiting,
            "Scoring goes on in the background; the take appears in History",
        )
        self.stop_waiting_action.setEnabled(False)
        self.drill_action = self._action(
            take, "30-second version", "D", self.start_drill, "Answer again with the band halved"
        )
        self.filter_action = self._action(
            take, "Filter questions", QKeySequence.StandardKey.Find, self.focus_filter
        )
        view = self.menuBar().addMenu("&View")
        self._action(view, "Rehearse", "Ctrl+1", lambda: self.tabs.setCurrentIndex(0))
        self._action(view, "History", "Ctrl+2", lambda: self.tabs.setCurrentIndex(1))
        help_menu = self.menuBar().addMenu("&Help")
        self.help_menu = help_menu  # menus added later (Practice) go before it: Help stays last
        self._action(
            help_menu,
            "&Keyboard shortcuts",
            QKeySequence.StandardKey.HelpContents,
            self.show_shortcuts,
            "Every keyboard shortcut",
        )
        self._action(help_menu, "&About STAR Rehearsal", None, self.show_about)

    def _connect(self) -> None:
        s = self.session
        s.deck_changed.connect(self._on_deck)
        s.deck_failed.connect(self._on_deck_failed)
        s.question_changed.connect(self._on_question)
        s.story_changed.connect(self._on_story)
        s.state_changed.connect(self._on_state)
        s.elapsed_changed.connect(self.rehearse.timer.set_elapsed)
        s.level_changed.connect(self.rehearse.meter.set_level)
        s.live_text_changed.connect(self.rehearse.set_live_text)
        s.live_preview_changed.connect(self.rehearse.set_live_preview)
        s.nudges.changed.connect(self.rehearse.set_nudge)
        s.lag_changed.connect(self._on_lag)
        s.finishing_progress.connect(self.rehearse.finishing.set_status)
        s.review_ready.connect(self._on_review)
        s.takes_changed.connect(self._on_takes_changed)
        s.model_state.connect(self._on_model_state)
        s.notice.connect(self.banner.show_message)
        s.settings_changed.connect(self._on_settings)
        s.workers.busy_changed.connect(self._on_busy)
        self.questions.question_chosen.connect(s.select_question)
        self.rehearse.record_clicked.connect(s.toggle_recording)
        self.rehearse.story_chosen.connect(self._on_story_index)
        self.rehearse.card_toggled.connect(self._on_card_toggled)
        self.review.try_again.connect(self.try_again)
        self.review.coaching.drill_requested.connect(self.start_drill)
        self.review.next_question.connect(s.next_question)
        self.review.discard.connect(self._discard_take)
        self.review.play_requested.connect(s.playback.play_at)
        self.review.clip_requested.connect(s.playback.play_between)
        self.review.toggle_requested.connect(s.playback.toggle)
        self.review.stop_requested.connect(s.playback.stop)
        s.playback.position_changed.connect(self.review.show_position)
        s.playback.playing_changed.connect(self.review.show_playing)
        s.playback.failed.connect(self.review.show_play_error)
        s.voice_warning.connect(self.rehearse.set_voice_warning)
        self.history.all_questions.toggled.connect(lambda _on: self._refresh_history())
        self.history.open_take.connect(self._open_take)
        self.history.delete_take.connect(s.delete_take)
        self.watcher.changed.connect(lambda path: s.open_deck(path))
        self.tabs.currentChanged.connect(lambda _i: self._update_shortcuts())
        self.tabs.currentChanged.connect(lambda _i: self._refresh_history_if_stale())

    # ---- session -> views --------------------------------------------------------------------

    def _on_deck(self, deck: Deck) -> None:
        self.questions.set_deck(deck, self.session.question_stats())
        self.deck_messages.clear()
        for m in deck.messages:
            self.deck_messages.addItem(str(m))
            self.deck_messages.item(self.deck_messages.count() - 1).setToolTip(str(m))
        self.deck_messages.setVisible(bool(deck.messages))
        whole_file = [m.message for m in deck.errors if m.line == 0 and "no STAR" not in m.message]
        if not deck.questions and whole_file:  # a pipe, a device, too big, not UTF-8: say which
            sep = " " if whole_file[0].startswith("is ") else ": "
            self.banner.show_message(
                "error", f"The deck {deck.path}{sep}{whole_file[0]}.", about="deck"
            )
        elif not deck.questions:
            self.banner.show_message(
                "error",
                f"No questions were found in {deck.path}. Check the "
                "format (see the sample deck) and save; it reloads by itself.",
                about="deck",
            )
        elif self.banner.about == "deck":  # the deck is fixed: its error goes
            self.banner.hide()
            self.banner.about = ""
        self.setWindowTitle(f"{Path(deck.path).name} — STAR Rehearsal")
        if self.watcher.path != Path(deck.path):
            self.watcher.watch(Path(deck.path))
        self.status.setText(
            f"{count(len(deck.questions), 'question')} · "
            f"{count(len(deck.all_stories()), 'story', 'stories')}"
            + (f" · {count(len(deck.messages), 'deck warning')}" if deck.messages else "")
            # a deck that loads after the model failed must not hide that failure
            + (" · speech model unavailable — see the message above"
               if self.session.model_error else "")
        )  # fmt: skip

    def _on_deck_failed(self, message: str) -> None:
        self.banner.show_message("error", message, about="deck")

    def _on_question(self, question: Question | None) -> None:
        self.questions.select(question)
        self.rehearse.set_lag(0)
        self.rehearse.set_question(question)
        self.pages.setCurrentWidget(self.rehearse)
        self._refresh_history()
        self._update_shortcuts()

    def _on_story(self, story: Story | None) -> None:
        q = self.session.question
        index = (
            next((i for i, s in enumerate(q.stories) if story and s.id == story.id), -1)
            if q
            else -1
        )
        self.rehearse.set_story(story, index)

    def _on_story_index(self, index: int) -> None:
        q = self.session.question
        if q and 0 <= index < len(q.stories):
            self.session.select_story(q.stories[index])

    def _on_card_toggled(self, visible: bool) -> None:
        self.session.set_story_card_visible(visible)

    def _on_state(self, state: str) -> None:
        if state == RECORDING and self.questions.tree.hasFocus():
            # the list is disabled next: Qt would hand the focus to whatever control follows,
            # and the next Space would press it; the Stop button takes it, then the list again
            self._list_had_focus = True
            self.rehearse.record.setFocus(Qt.FocusReason.OtherFocusReason)
        self.rehearse.set_recording(state == RECORDING, state == FINISHING)
        self.rehearse.timer.set_band(self.session.take_band)
        self.questions.set_enabled_for_recording(state == RECORDING)  # browsable while finishing
        if state != RECORDING and getattr(self, "_list_had_focus", False):
            self._list_had_focus = False
            self.questions.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        if state in (IDLE, REVIEW):
            self.rehearse.set_lag(0)  # nothing is catching up once the take is done
        self.stop_waiting_action.setEnabled(state == FINISHING)
        if state == FINISHING:
            self.rehearse.hint.setText(
                "Finishing the transcript and scoring… Esc: stop waiting (the take is kept)."
            )
        hide_card = state == RECORDING and self.session.settings.hide_card_while_recording
        self.rehearse.card.setVisible(self.rehearse.card_button.isChecked() and not hide_card)
        if state == RECORDING:
            self.pages.setCurrentWidget(self.rehearse)
            self.tabs.setCurrentIndex(0)
            self.rehearse.clear_live()
        if state != REVIEW and self.pages.currentWidget() is self.review and state != FINISHING:
            self.pages.setCurrentWidget(self.rehearse)
        self._update_shortcuts()

    def _on_review(self, review: Review) -> None:
        self.review.show_review(review)
        self.pages.setCurrentWidget(self.review)
        self.tabs.setCurrentIndex(0)
        self._update_shortcuts()

    def _discard_take(self, take_id: str) -> None:
        self.session.delete_take(take_id)
        self._back_to_question()

    def _back_to_question(self) -> None:
        """Back to the question, ready to record (after a discarded take)."""
        self.pages.setCurrentWidget(self.rehearse)
        self.rehearse.set_question(self.session.question)
        self.session.select_question(self.session.question)
        self._update_shortcuts()

    def _on_lag(self, seconds: float) -> None:
        self.rehearse.set_lag(seconds)

    def _on_model_state(self, state: str, fraction: float) -> None:
        if state == "loading":
            self.status.setText(f"Loading the speech model {self.session.settings.model}…")
            self.progress.setRange(0, 100 if fraction > 0 else 0)
            self.progress.setValue(int(fraction * 100))
            self.progress.show()
        elif state == "ready":
            self.status.setText(f"Ready · model {self.session.settings.model} loaded")
            self.progress.hide()
        else:
            self.status.setText("Speech model unavailable — see the message above")
            self.progress.hide()

    def _on_busy(self, count: int) -> None:
        if count == 0 and self.session.engine is not None:
            self.progress.hide()

    def _on_settings(self, settings: Settings) -> None:
        self.rehearse.timer.set_band(settings.target_band)
        app = QApplication.instance()
        if app is not None:
            from star_rehearsal.ui.app import apply_theme

            self.history.dark = apply_theme(app, settings.theme) == "dark"
            self.review.rerender()
        self._refresh_takes()

    def _refresh_takes(self, history_now: bool = True) -> None:
        """Every question's summary and History, read anew (start, another data folder).
        `history_now=False`: a hidden History is read when it is next shown — thousands of
        rows are a long block for a refresh nobody is looking at (the end of an upgrade's
        summarising, which may land just as a take finishes)."""
        store = self.session.store
        self._rev = store.latest_rev() if store is not None else 0
        self._rev_of = store  # revisions count per database: another folder starts again
        self._counts = {}
        if self.questions.has_questions():  # at start the deck is not read yet: set_deck reads
            self.questions.update_stats(self.session.question_stats())  # them (once, not twice)
        if history_now or self.tabs.currentWidget() is self.history:
            self._refresh_history()
        else:
            self._history_stale = True
        self._watch_summarising()

    def _refresh_history_if_stale(self) -> None:
        if self._history_stale and self.tabs.currentWidget() is self.history:
            self._refresh_history()

    def _watch_summarising(self) -> None:
        """An upgraded database's scores are summarised on the writer thread meanwhile (the
        window's readers leave them to it: takes_summary.deferring); once that is done, every
        question's line and History are read again, once, and damaged scores it found said."""
        from star_rehearsal.core.takes_summary import deferring

        store = self.session.store
        running = store.summarising if store is not None else None
        if store is None or running is None or not deferring(store):
            return  # a few rows left (a usual start): the readers decoded them, nothing to redo
        timer = QTimer(self, interval=250)

        def check() -> None:
            if not running.done():
                return
            timer.stop()
            timer.deleteLater()
            if self.session.store is store:
                self._refresh_takes(history_now=False)
                self.practice.refresh_lazily()
                self._say_store_problems()

        timer.timeout.connect(check)
        timer.start()

    def _on_takes_changed(self) -> None:
        """A take was added, scored, recovered or deleted: only the takes changed since the
        last look are read (the `rev` column), only their questions' lines and History's rows
        are touched; the charts are drawn when History is shown."""
        store = self.session.store
        if store is None or store is not self._rev_of:
            self._refresh_takes()
            return
        try:
            changed = store.take_lines(since_rev=self._rev)
            self._rev = max([self._rev, *(t.rev for t in changed)])
            questions = {t.question_id for t in changed}
            for qid in questions:
                self.questions.update_question(qid, store.question_stats(qid).get(qid))
            if self._history_stale:  # History is read whole when it is next shown
                return
            known = self.history._index
            added = {
                key: sum(
                    1 for t in changed if t.id not in known and (key == "*" or t.question_id == key)
                )
                for key in self._counts
            }
            counts = {key: self._count(key) for key in self._counts}
        except Exception:  # a damaged store: the whole read copes and says what it skipped
            self._refresh_takes()
            return
        if any(counts[key] != self._counts[key] + added[key] for key in counts):
            self._counts = counts  # a take was deleted: its question is read again
            self.questions.update_stats(self.session.question_stats())
            self._refresh_history()
            return
        self._counts = counts
        shown = self._history_question
        mine = [t for t in changed if shown is None or t.question_id in (shown, "")]
        if mine:
            self.history.update_takes(mine, self.session.settings.target_band)

    def _say_store_problems(self) -> None:
        """Damaged scores the summarising found (on start they were left to it)."""
        from star_rehearsal.core.takes_summary import damaged
        from star_rehearsal.services.store_messages import store_state_message

        store = self.session.store
        if store is None:
            return
        store.problems = damaged(store)
        if store.problems and not self.banner.isVisible():
            self.banner.show_message("warning", store_state_message(store))

    def _say_practice_problems(self) -> None:
        """Takes the dashboard and the schedule left out (a damaged score), said once each."""
        store = self.practice.store
        problems = tuple(getattr(store, "problems", ()) or ())
        if problems and problems != self._practice_problems and not self.banner.isVisible():
            n = len(problems)
            self.banner.show_message("warning", f"{n} take{'s' * (n != 1)} left out of the "
                                     f"dashboard and the schedule: {problems[0]}")  # fmt: skip
        self._practice_problems = problems

    def _count(self, question_id: str) -> int:
        """Takes of a question ("*": of all), counted by SQLite from its index."""
        store = self.session.store
        if store is None:
            return 0
        if question_id == "*":
            return int(store.read("SELECT COUNT(*) FROM takes")[0][0])
        rows = store.read("SELECT COUNT(*) FROM takes WHERE question_id = ?", (question_id,))
        return int(rows[0][0])

    def _refresh_history(self) -> None:
        self._history_stale = False
        q = self.session.question
        store = self.session.store
        all_questions = self.history.all_questions.isChecked()
        self._history_question = None if all_questions else (q.id if q else "")
        title = "All questions" if all_questions else (q.text if q else "")
        takes: list[TakeLine]
        if store is None:
            takes = []
        elif all_questions:
            takes = store.take_lines()
            self._counts = {"*": self._count("*")}
        elif q is None:
            takes = []
        else:  # with the recordings whose question was lost with the database
            takes = store.take_lines(q.id) + store.take_lines("")
            self._counts = {q.id: self._count(q.id), "": self._count("")}
        self.history.set_takes(title, takes, self.session.settings.target_band)

    def _update_shortcuts(self) -> None:
        in_review = self.pages.currentWidget() is self.review and self.tabs.currentIndex() == 0
        self.again_action.setEnabled(in_review)

    # ---- user intent -------------------------------------------------------------------------

    def try_again(self) -> None:
        self.pages.setCurrentWidget(self.rehearse)
        self.rehearse.set_question(self.session.question)
        self.session.start_take()
        self._update_shortcuts()

    def start_drill(self) -> None:
        self.pages.setCurrentWidget(self.rehearse)
        self.rehearse.set_question(self.session.question)
        self.session.start_drill()
        self._update_shortcuts()

    def _open_take(self, take_id: str) -> None:
        if self.session.open_take(take_id) is None:
            store = self.session.store
            take = store.get(take_id) if store is not None else None
            problem = getattr(take, "score_problem", None)
            if problem:  # say what is wrong with it, not "interrupted"
                self.banner.show_message("warning", f"No review: {problem}. Its audio is kept.")
                return
            self.banner.show_message(
                "warning",
                "This take has no transcript or score yet (it was "
                "interrupted); its audio is kept in the data folder.",
            )

    # The dialogs are imported when opened: not on the window's start (~60 ms of imports).

    def show_shortcuts(self) -> None:
        from star_rehearsal.ui.dialogs import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        from star_rehearsal.ui.dialogs import AboutDialog

        s = self.session
        AboutDialog(s.settings.model, s.settings.engine, s.data_dir, self).exec()

    def focus_filter(self) -> None:
        self.questions.filter.setFocus()
        self.questions.filter.selectAll()

    def choose_deck(self) -> None:
        start = str(self.session.deck.path.parent) if self.session.deck else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open deck", start, "Markdown (*.md *.markdown *.txt);;All files (*)"
        )
        if path:
            self.session.open_other_deck(Path(path))

    def reload_deck(self) -> None:
        if self.session.deck:
            self.session.open_deck(self.session.deck.path)

    def open_settings(self) -> None:
        from star_rehearsal.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.session.settings,
            self.session.workers,
            self,
            self.session.data_dir,
            level_test=self.session.level_test,
        )
        if dialog.exec():
            self.session.apply_settings(dialog.result_settings())

    # ---- geometry ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        s = self.session.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
        else:
            self.resize(1200, 780)
        if s.window_state:
            self.restoreState(QByteArray.fromBase64(s.window_state.encode()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.remember_window(
            bytes(self.saveGeometry().toBase64().data()).decode(),
            bytes(self.saveState().toBase64().data()).decode(),
        )
        self.session.shutdown()
        super().closeEvent(event)
