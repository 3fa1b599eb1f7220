"""The everyday actions a new user hit as broken (issue 15): each test failed on the old code.

Real window, real deck parser, real takes store and style sheets (offscreen Qt). Pixel checks
read the widget as drawn: a selected row's text must still differ from its background."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QStyle, QStyleOptionSpinBox
from star_rehearsal.core.review import Review
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.services.take_errors import device_advice
from star_rehearsal.ui.app import apply_theme, create_window
from star_rehearsal.ui.review_view import ReviewView
from star_rehearsal.ui.session import REVIEW
from star_rehearsal.ui.settings_dialog import SettingsDialog
from star_rehearsal.ui.workers import Workers
from window_helpers import review_of, scored


@pytest.fixture
def deck_copy(tmp_path: Path, sample_deck_path: Path) -> Path:
    path = tmp_path / "deck" / "my-stories.md"
    path.parent.mkdir()
    shutil.copy(sample_deck_path, path)
    return path


def open_window(qtbot, tmp_path: Path, deck: Path | None, load_model: bool = False, settings=None):
    if settings is not None:
        save_settings(settings, tmp_path / "settings.json")
    window = create_window(
        deck, tmp_path / "data", tmp_path / "settings.json", load_model=load_model
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.deck is not None and window.session.question is not None)
    return window


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio (kept here so the test does not lean on the code it checks)."""

    def lum(color: str) -> float:
        ch = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in ch]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_pixels(image: QImage, rect: QRect, background: str, ratio: float = 3.0) -> int:
    """Pixels inside rect that stand out from the background (text, arrows)."""
    n = 0
    for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
            if contrast(image.pixelColor(x, y).name(), background) >= ratio:
                n += 1
    return n


def click_in_modal(button_name: str) -> None:
    """Press a button of the message box the code under test opens (modal, so from a timer)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, press)
            return
        box.findChild(QPushButton, button_name).click()

    QTimer.singleShot(20, press)


def add_take(window, audio_s: float = 1.0, score: dict | None = None, transcript=None):
    """A finished take of the current question, written through the real store."""
    s = window.session
    take = s.store.new_take(s.question, s.story, s.deck.path)
    path = Path(take.audio_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), np.zeros(int(16000 * audio_s), dtype=np.float32), 16000)
    s.store.finish_take(take.id, audio_s, 0)
    if transcript is not None:
        s.store.save_transcript(take.id, transcript)
    if score is not None:
        s.store.save_score(take.id, score)
    s.takes_changed.emit()
    return s.store.get(take.id)


def score_of(window, text: str, band=(60.0, 90.0), duration: float = 70.0) -> dict:
    return scored(window, Transcript.from_text(text, duration), band, duration).to_json()


def test_delete_take_in_history_removes_the_row_and_the_wav(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    take = add_take(window)
    window.tabs.setCurrentIndex(1)
    assert [r.id for r in window.history.rows] == [take.id]
    assert Path(take.audio_path).is_file()
    click_in_modal("confirmDeleteButton")
    qtbot.mouseClick(window.history.delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.history.rows == [])
    assert not Path(take.audio_path).exists()
    assert window.session.store.get(take.id) is None


def test_cancel_keeps_the_take(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    take = add_take(window)
    window.tabs.setCurrentIndex(1)

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, cancel)
            return
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(20, cancel)
    qtbot.mouseClick(window.history.delete, Qt.MouseButton.LeftButton)
    assert [r.id for r in window.history.rows] == [take.id]
    assert Path(take.audio_path).is_file()


def test_the_filter_is_not_focused_at_start_and_single_keys_work(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not window.questions.filter
    questions = window.session.deck.questions
    qtbot.keyClick(focused, Qt.Key.Key_N)
    assert window.session.question.id == questions[1].id


def test_escape_clears_the_filter_and_leaves_it(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.focus_filter()
    qtbot.keyClicks(window.questions.filter, "outage n")  # typed, not shortcuts
    assert window.questions.filter.text() == "outage n"
    qtbot.keyClick(window.questions.filter, Qt.Key.Key_Escape)
    assert window.questions.filter.text() == ""
    assert window.questions.tree.hasFocus()


def test_space_on_a_focused_button_presses_that_button(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    notices: list[tuple[str, str]] = []
    window.session.notice.connect(lambda k, m: notices.append((k, m)))
    button = window.rehearse.card_button
    before = button.isChecked()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: button.isChecked() != before)
    assert not notices  # the record shortcut did not fire ("Cannot record yet")
    # on a widget that is neither a button nor a text field, Space still records
    window.questions.tree.setFocus()
    with qtbot.waitSignal(window.session.notice) as notice:
        qtbot.keyClick(window.questions.tree, Qt.Key.Key_Space)
    assert "Cannot record yet" in notice.args[1]


def sample_review(window, text: str, **kw) -> Review:
    return review_of(window, Transcript.from_text(text, 70.0), score_of(window, text, **kw))


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_a_selected_checklist_row_keeps_its_text(qtbot, tmp_path, deck_copy, theme_name):
    app = QApplication.instance()
    window = open_window(qtbot, tmp_path, deck_copy)
    apply_theme(app, theme_name)
    review = ReviewView()
    qtbot.addWidget(review)
    review.resize(900, 600)
    review.show()
    review.show_review(sample_review(window, "I declared a SEV one."))
    list_widget = review.points
    for row in (0, list_widget.count() - 1):
        list_widget.setCurrentRow(row)
        qtbot.mouseClick(
            list_widget.viewport(),
            Qt.MouseButton.LeftButton,
            pos=list_widget.visualItemRect(list_widget.item(row)).center(),
        )
        image = list_widget.viewport().grab().toImage()
        rect = list_widget.visualItemRect(list_widget.item(row))
        rect = rect.intersected(image.rect()).adjusted(2, 2, -2, -2)
        bg = image.pixelColor(rect.right() - 2, rect.bottom() - 1).name()
        assert ink_pixels(image, rect, bg) > 40, f"row {row} blank when selected ({theme_name})"
    apply_theme(app, "light")


def test_the_device_dropdown_shows_the_highlighted_entry(qtbot):
    apply_theme(QApplication.instance(), "light")
    dialog = SettingsDialog(Settings(), Workers())
    qtbot.addWidget(dialog)
    dialog.device.addItem("Test microphone", "Test microphone")
    dialog.show()
    dialog.device.showPopup()
    view = dialog.device.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(1, 0)
    view.setCurrentIndex(index)
    view.selectionModel().select(index, view.selectionModel().SelectionFlag.ClearAndSelect)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(index).intersected(image.rect()).adjusted(4, 4, -4, -4)
    bg = image.pixelColor(rect.right() - 1, rect.center().y()).name()
    assert ink_pixels(image, rect, bg) > 40
    dialog.device.hidePopup()


def test_settings_spin_boxes_draw_their_arrows(qtbot):
    apply_theme(QApplication.instance(), "light")
    dialog = SettingsDialog(Settings(), Workers())
    qtbot.addWidget(dialog)
    dialog.show()
    spin = dialog.band_min
    image = spin.grab().toImage()
    opt = QStyleOptionSpinBox()
    spin.initStyleOption(opt)
    for sub in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, opt, sub, spin)
        assert ink_pixels(image, rect.adjusted(2, 2, -2, -2), "#ffffff") > 8, sub


def test_the_question_list_scrollbar_is_not_a_black_bar(qtbot, tmp_path, deck_copy):
    apply_theme(QApplication.instance(), "light")
    window = open_window(qtbot, tmp_path, deck_copy)
    window.resize(760, 420)  # the sample deck does not fit: a scroll bar appears
    bar = window.questions.tree.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    image = bar.grab().toImage()
    dark = sum(
        image.pixelColor(x, y).lightness() < 40
        for x in range(image.width())
        for y in range(image.height())
    )
    assert dark < 0.05 * image.width() * image.height()


def test_a_reopened_take_is_judged_against_its_own_band(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    assert window.session.settings.target_band == (60, 90)
    text = "I declared a SEV one and rolled back the config push."
    take = add_take(
        window,
        score=score_of(window, text, band=(45.0, 75.0), duration=76.0),
        transcript=Transcript.from_text(text, 76.0),
    )
    with qtbot.waitSignal(window.session.review_ready):
        window.history.open_take.emit(take.id)
    from PySide6.QtWidgets import QLabel

    length = next(w.text() for w in window.review.findChildren(QLabel) if "target" in w.text())
    assert "target 0:45–1:15" in length and "long" in length


def test_the_catching_up_note_goes_when_the_take_is_done(qtbot, tmp_path, deck_copy):
    window = open_window(qtbot, tmp_path, deck_copy)
    window.session.lag_changed.emit(41.0)
    assert "41 s behind" in window.rehearse.lag.text()
    window.session.next_question()
    assert window.rehearse.lag.text() == ""
    window.session.lag_changed.emit(41.0)
    window.session._set_state(REVIEW)
    assert window.rehearse.lag.text() == ""


def test_the_no_microphone_message_is_one_sentence():
    raw = RuntimeError(
        "No microphone found. Connect one (or check the audio server is running) and try "
        "again. (Error querying device -1)"
    )
    message = device_advice(raw, None)
    assert message.count(". ") == 0 and message.endswith("Settings.")
    assert "(" not in message and "Error querying" not in message
    named = device_advice(
        RuntimeError("No input device called 'Mic X'. Inputs here: a, b."), "Mic X"
    )
    assert named.count("Mic X") == 1 and named.count(". ") == 0


def test_a_missing_microphone_offers_settings_in_the_banner(qtbot, tmp_path, deck_copy):
    window = open_window(
        qtbot, tmp_path, deck_copy, load_model=True,
        settings=Settings(input_device="No Such Microphone 4242"),
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=300_000)
    with qtbot.waitSignal(window.session.notice, timeout=10_000):
        window.session.toggle_recording()
    text = window.banner.text.text()
    assert text.count("No Such Microphone 4242") == 1 and "((" not in text and "))" not in text
    assert window.banner.settings_button.isVisible()

    def close_settings() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, close_settings)
            return
        assert isinstance(dialog, SettingsDialog)
        dialog.reject()

    QTimer.singleShot(20, close_settings)
    qtbot.mouseClick(window.banner.settings_button, Qt.MouseButton.LeftButton)


def test_recovered_takes_are_transcribed_scored_and_listed(qtbot, tmp_path, deck_copy, make_speech):
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    deck = load_deck(deck_copy)
    question = next(q for q in deck.questions if "outage" in q.text)
    store = TakesStore(tmp_path / "data")
    take = store.new_take(question, question.stories[0], deck_copy)  # crashed while recording
    clip = make_speech(
        "I declared a SEV one and rolled back the config push within twelve minutes."
    )
    shutil.copy(clip, take.audio_path)
    store.close()
    save_settings(Settings(last_question_id=question.id), tmp_path / "settings.json")
    window = open_window(qtbot, tmp_path, deck_copy, load_model=True)
    assert "Recovered 1 take" in window.banner.text.text()
    store = window.session.store
    qtbot.waitUntil(lambda: store.get(take.id).score is not None, timeout=300_000)
    again = store.get(take.id)
    assert "rolled back" in again.transcript["text"].lower()
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: any(r.id == take.id and r.score is not None
                                for r in window.history.rows))  # fmt: skip


def test_esc_stops_waiting_for_a_long_scoring_and_the_take_still_lands_in_history(
    qtbot, tmp_path, deck_copy, make_speech, virtual_mic
):
    from star_rehearsal.ui.session import FINISHING, IDLE

    window = open_window(qtbot, tmp_path, deck_copy, load_model=True)
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=300_000)
    s = window.session
    s.start_take()
    player = virtual_mic(make_speech("I declared a SEV one and rolled back the config push."))
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    reviews: list[object] = []
    s.review_ready.connect(reviews.append)
    s.stop_take()
    assert s.state == FINISHING and window.stop_waiting_action.isEnabled()
    window.questions.tree.setFocus()
    qtbot.keyClick(window.questions.tree, Qt.Key.Key_Escape)
    assert s.state == IDLE and window.rehearse.record.isEnabled()
    take_id = s._finishing_id
    qtbot.waitUntil(lambda: s.store.get(take_id).score is not None, timeout=300_000)
    qtbot.waitUntil(lambda: any(r.id == take_id and r.score is not None
                                for r in window.history.rows))  # fmt: skip
    assert reviews == []  # the window did not jump to a review the user walked away from
