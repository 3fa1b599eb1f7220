"""TakeCorrections: the user's word on the reviewed take (issue 30), beside the session.

The review view asks (a point's call, a corrected transcript, the story told); the work —
re-scoring with the real scorer and one store transaction — runs on the session's pool
(`core.correction_store.correct_take`), then the take is opened again from the store, so what
the review shows is what was saved, and `takes_changed` lets History, the schedule and the
dashboard read it. Installed by `install(window)`; the session itself is not changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from star_rehearsal.ui.workers import Op

if TYPE_CHECKING:
    from star_rehearsal.core.correction_store import Corrected
    from star_rehearsal.core.deck import Deck
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.ui.main_window import MainWindow
    from star_rehearsal.ui.session import RehearsalSession

Calls = dict[str, bool | None]  # point text -> said / not said / back to the scorer's call


def correct_job(
    store: TakesStore, take_id: str, deck: Deck | None, pace: tuple[float, float],
    band: tuple[float, float], text: str | None, calls: Calls | None, story_id: str | None,
) -> Corrected:  # fmt: skip
    from star_rehearsal.core.correction_store import correct_take

    return correct_take(store, take_id, deck=deck, pace=pace, default_band=band, text=text,
                        calls=calls, story_id=story_id)  # fmt: skip


class TakeCorrections(QObject):
    busy_changed = Signal(bool)
    failed = Signal(str)  # what went wrong and what to do
    corrected = Signal(str)  # take id

    def __init__(self, session: RehearsalSession) -> None:
        super().__init__(session)
        self.session = session
        self.busy = False

    def request(
        self, *, text: str | None = None, calls: Calls | None = None, story_id: str | None = None
    ) -> bool:
        """Apply one correction to the reviewed take; False (and `failed`) when it cannot be."""
        s = self.session
        review = s.review
        if self.busy:
            return False
        if review is None or not review.take_id or s.store is None:
            self.failed.emit("Only a saved take can be corrected: record or open one first.")
            return False
        if getattr(s.store, "read_only", False):
            self.failed.emit(f"{s.data_dir} is read-only: the correction cannot be saved. "
                             "Choose another data folder in Settings.")  # fmt: skip
            return False
        self._set_busy(True)
        store, take_id, deck = s.store, str(review.take_id), s.deck
        pace, band = s.settings.pace_range, s.settings.target_band
        Op(lambda: correct_job(store, take_id, deck, pace, band, text, calls, story_id)).success(
            self._on_done
        ).failure(self._on_failed).run_in(s.workers)
        return True

    def _on_done(self, done: Corrected) -> None:
        self._set_busy(False)
        s = self.session
        review = s.review
        if review is not None and review.take_id == done.take_id:
            s.open_take(done.take_id)  # shows what was stored
        s.takes_changed.emit()
        self.corrected.emit(done.take_id)

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.failed.emit(f"Your correction was not saved: {message}. The take is unchanged.")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)


def install(window: MainWindow) -> TakeCorrections:
    """Wire the review's requests to a TakeCorrections; called once by MainWindow."""
    corrections = TakeCorrections(window.session)
    view = window.review
    view.overrule.connect(lambda text, said: corrections.request(calls={text: said}))
    view.correct_transcript.connect(lambda text: corrections.request(text=text))
    view.rescore_story.connect(lambda story_id: corrections.request(story_id=story_id))
    corrections.busy_changed.connect(view.set_busy)
    corrections.failed.connect(lambda message: window.banner.show_message("error", message))
    window.corrections = corrections
    return corrections
