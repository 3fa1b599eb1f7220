"""The review teaches (missed points first with what to say, unsure points to listen to, the
score's parts and change, words the recogniser was unsure of, silent takes), and the desktop
conventions around it (Help, Settings, themes, accessibility). Real widgets, offscreen Qt."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from star_rehearsal.core.settings import Settings, load_settings
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.services.voice_watch import NO_VOICE, VoiceWatch
from star_rehearsal.ui import theme
from star_rehearsal.ui.app import apply_theme, create_window, resources_dir
from star_rehearsal.ui.dialogs import SHORTCUTS, AboutDialog, about_html
from star_rehearsal.ui.review_parts import highlighted_transcript
from star_rehearsal.ui.review_view import WEIGHTS, ReviewView
from star_rehearsal.ui.session import IDLE, RECORDING
from star_rehearsal.ui.settings_dialog import SettingsDialog, friendly_device_name
from star_rehearsal.ui.workers import Workers
from window_helpers import review_of, scored, timed

ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders. "
    "As incident commander I had to restore checkout quickly. I declared a SEV one and opened "
    "a single incident channel. Then I rolled back the config push within twelve minutes. "
    "Checkout recovered in nineteen minutes with no lost orders."
)


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_deck_path: Path):
    deck = tmp_path / "deck.md"
    shutil.copy(sample_deck_path, deck)
    w = create_window(deck, tmp_path / "data", tmp_path / "settings.json", load_model=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.question is not None)
    outage = next(q for q in w.session.deck.questions if "outage" in q.text)
    w.session.select_question(outage)
    return w


def rows(view: ReviewView) -> list[str]:
    return [view.points.item(i).text() for i in range(view.points.count())]


def test_missed_points_come_first_with_the_story_wording(qtbot, window):
    story = window.session.story
    view = window.review
    view.show_review(review_of(window, timed(ANSWER)))
    texts = rows(view)
    states = [view.points.item(i).data(Qt.ItemDataRole.UserRole) for i in range(len(texts))]
    assert states == sorted(states, key=["missed", "unsure", "covered"].index)
    missed = [t for t, s in zip(texts, states, strict=True) if s == "missed"]
    assert missed and all("Say next time" in t for t in missed)
    canary = next(a for a in story.actions if "canary" in a)
    assert any(canary in t for t in missed)
    assert any("Situation" in t for t in texts) and any("Task" in t for t in texts)
    assert "Checkout outage on Black Friday" in view.story.text()
    # missed rows are drawn bold in the missed colour, not faded
    first = view.points.item(0)
    assert first.font().bold() and first.foreground().color().name() == theme.colors()["missed"]


def test_an_unsure_point_says_listen_and_plays_its_evidence(qtbot, window):
    transcript = timed(ANSWER)
    score = scored(window, transcript).to_json()
    point = next(p for p in score["key_points"] if not p["covered"])
    point.update(unsure=True, evidence="a canary of sorts", start=3.2, end=4.0, span=[0, 8])
    view = window.review
    view.show_review(review_of(window, transcript, score))
    index = next(i for i, t in enumerate(rows(view)) if "Unsure — listen" in t)
    assert "Heard: “a canary of sorts”" in rows(view)[index]
    assert view.points.item(index).foreground().color().name() == theme.colors()["unsure"]
    with qtbot.waitSignal(view.clip_requested) as played:
        view.points.itemClicked.emit(view.points.item(index))
    # the evidence's sentence (span 0-8: the first, 13 words timed 0.4 s apart), then stop
    assert played.args == [pytest.approx(0.0), pytest.approx(5.1)]
    qtbot.waitUntil(lambda: not view.drawing)
    assert theme.colors()["unsure"] in view.transcript.toHtml()


def test_the_score_shows_its_parts_change_and_colour(qtbot, window):
    view = window.review
    silent = Transcript("", (), 12.0)
    score = scored(window, silent)
    assert score.overall == 0
    view.show_review(review_of(window, silent, score, previous=15))
    assert view.score.text().startswith("0")
    assert theme.colors()["good"] not in view.score.styleSheet()
    assert theme.colors()["poor"] in view.score.styleSheet()
    assert "−15 against the previous take" in view.delta.text()
    good = review_of(window, timed(ANSWER))
    view.show_review(review_of(window, timed(ANSWER), good.score, previous=good.overall - 15))
    assert "+15" in view.delta.text()
    assert [p[0] for p in view.parts.parts] == ["Key points", "Length", "Set-up", "Fillers", "Pace"]
    assert "Key points" in view.parts.accessibleDescription()


def test_weights_match_the_scoring_formula():
    from star_rehearsal.core.scoring.score import WEIGHTS as CORE

    assert WEIGHTS == CORE


def test_the_change_is_against_the_previous_take_of_the_question(qtbot, window):
    s = window.session
    first = s.store.new_take(s.question, s.story, s.deck.path)
    s.store.finish_take(first.id, 10.0, 0)
    s.store.save_score(
        first.id, {**scored(window, timed("I declared a SEV one.")).to_json(), "overall": 20}
    )
    second = s.store.new_take(s.question, s.story, s.deck.path)
    s.store.finish_take(second.id, 30.0, 0)
    transcript = timed(ANSWER)
    s.store.save_transcript(second.id, transcript)
    s.store.save_score(second.id, {**scored(window, transcript).to_json(), "overall": 35})
    with qtbot.waitSignal(s.review_ready):
        s.open_take(second.id)
    assert window.review.delta.text() == "+15 against the previous take"


def test_words_the_recogniser_was_unsure_of_are_marked():
    palette = theme.colors("light")
    t = timed("We shipped the migration in Q3 to every tenant.", unsure_words=("Q3",))
    page = highlighted_transcript(t.text, [], [], t.words, palette)
    marked = re.findall(rf"background-color:{palette['lowprob_bg']}[^>]*>([^<]+)<", page)
    assert marked == ["Q3"]


def test_a_near_silent_take_warns_and_can_be_discarded(qtbot, window):
    s = window.session
    take = s.store.new_take(s.question, s.story, s.deck.path)
    s.store.finish_take(take.id, 8.0, 0)
    review = review_of(window, timed("Um so."), take_id=take.id)
    s.review_ready.emit(review)
    view = window.review
    assert view.silent.isVisible() and "speech was heard" in view.silent.text()
    assert view.discard_button.isEnabled()

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, confirm)
            return
        box.findChild(QPushButton, "confirmDeleteButton").click()

    QTimer.singleShot(20, confirm)
    qtbot.mouseClick(view.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.store.get(take.id) is None)
    assert window.pages.currentWidget() is window.rehearse
    view.show_review(review_of(window, timed(ANSWER)))
    assert not view.silent.isVisible()


def test_voice_watch_warns_only_without_a_voice():
    watch = VoiceWatch()
    for i in range(60):
        watch.feed(-80.0, i * 0.1)
    assert watch.warning(6.0) == NO_VOICE
    for i in range(60, 70):
        watch.feed(-20.0, i * 0.1)
    assert watch.warning(7.0) == ""
    assert VoiceWatch().warning(2.0) == ""  # too early to tell


def test_no_voice_is_noticed_while_recording(qtbot, window, virtual_mic):
    """Real recorder on the virtual microphone with nothing played into it."""
    window.session.load_model()
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=300_000)
    window.session.start_take()
    assert window.session.state == RECORDING
    qtbot.waitUntil(lambda: window.rehearse.voice.isVisible(), timeout=60_000)
    assert "No voice heard" in window.rehearse.voice.text()
    with qtbot.waitSignal(window.session.review_ready, timeout=300_000):
        window.session.stop_take()
    assert not window.rehearse.voice.isVisible()
    assert window.review.silent.isVisible() and window.review.discard_button.isEnabled()


def test_the_story_card_can_hide_while_recording(qtbot, window):
    window.rehearse.set_card_visible(True)
    window.session.settings.hide_card_while_recording = False
    window._on_state(RECORDING)
    assert window.rehearse.card.isVisible()  # off by default: the card is a rehearsal aid
    window.session.settings.hide_card_while_recording = True
    window._on_state(RECORDING)
    assert not window.rehearse.card.isVisible()
    window._on_state(IDLE)
    assert window.rehearse.card.isVisible()


def test_help_lists_shortcuts_and_about_names_version_model_folder_licences(qtbot, window):
    keys = [k for k, _ in SHORTCUTS]
    assert {"Space", "N", "P", "Enter", "Ctrl+F", "Esc"} <= set(keys)
    text = about_html("tiny.en", "faster-whisper", window.session.data_dir)
    assert str(window.session.data_dir) in text and "tiny.en" in text
    assert text.count("MIT licence") >= 2 and "0.1.0" in text
    about = AboutDialog("tiny.en", "faster-whisper", window.session.data_dir, window)
    qtbot.addWidget(about)
    assert "Whisper tiny.en" in about.text.text()
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in titles


def test_settings_show_the_folder_in_use_and_friendly_device_names(qtbot, tmp_path):
    dialog = SettingsDialog(Settings(), Workers(), data_dir_in_use=tmp_path / "takes-here")
    qtbot.addWidget(dialog)
    assert str(tmp_path / "takes-here") in dialog.data_dir_note.text()
    assert dialog.data_dir.placeholderText() == str(tmp_path / "takes-here")
    assert friendly_device_name("HDA Intel PCH: ALC3246 Analog (hw:0,0)") == (
        "HDA Intel PCH: ALC3246 Analog"
    )
    assert friendly_device_name("pulse") == "PulseAudio sound server"
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()


def test_the_theme_setting_is_saved_and_applied(qtbot, window, tmp_path):
    app = QApplication.instance()
    dialog = SettingsDialog(window.session.settings, window.session.workers, window)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    window.session.apply_settings(dialog.result_settings())
    assert load_settings(tmp_path / "settings.json").theme == "dark"
    assert theme.current_theme() == "dark" and window.history.dark
    assert app.palette().window().color().name() == "#1f2227"
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    window.session.apply_settings(dialog.result_settings())
    assert app.palette().window().color().name() == "#f6f7f9"


@pytest.mark.parametrize("name", ["light", "dark"])
def test_text_colours_reach_4_5_to_1(name):
    c = theme.COLORS[name]
    for key in ("text", "muted", "covered", "missed", "unsure", "filler", "good", "fair", "poor"):
        for bg in ("base", "window"):
            assert theme.contrast(c[key], c[bg]) >= 4.5, (name, key, bg)
    assert theme.contrast(c["text"], c["lowprob_bg"]) >= 4.5
    # and every style sheet rule that sets both a text colour and a solid background
    qss = (resources_dir() / f"style-{name}.qss").read_text(encoding="utf-8")
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        if fg and bg and ":disabled" not in selector:
            ratio = theme.contrast(fg.group(1), bg.group(1))
            assert ratio >= 4.5, (name, selector.strip(), ratio)


def test_font_sizes_follow_the_system_font(qtbot):
    app = QApplication.instance()
    label = QLabel("Question", objectName="questionLabel")
    qtbot.addWidget(label)
    normal = QFont(app.font())
    normal.setPointSizeF(9.0)
    theme.apply(app, "light", resources_dir(), base_font=normal)
    label.ensurePolished()
    small = label.font().pointSizeF()
    large = QFont(normal)
    large.setPointSizeF(18.0)
    theme.apply(app, "light", resources_dir(), base_font=large)
    label.setStyleSheet("")  # re-polish with the new application style sheet
    label.style().unpolish(label)
    label.style().polish(label)
    assert label.font().pointSizeF() == pytest.approx(2 * small, rel=0.05)
    theme.apply(app, "light", resources_dir(), base_font=normal)
    apply_theme(app, "light")


def test_custom_widgets_have_accessible_names_and_values(qtbot, window):
    ring, meter = window.rehearse.timer, window.rehearse.meter
    assert ring.accessibleName() == "Elapsed time"
    ring.set_elapsed(75)
    assert ring.accessibleDescription().startswith("1:15 elapsed, inside the target")
    assert meter.accessibleName() and meter.accessibleDescription() == "silent"
    assert window.review.points.accessibleName() == "Key points checklist"


def test_enter_on_a_checklist_row_plays_it_instead_of_trying_again(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.session.review_ready.emit(review_of(window, timed(ANSWER)))
    view = window.review
    row = next(i for i, t in enumerate(rows(view)) if t.startswith("✓  Action"))
    view.points.setCurrentRow(row)
    view.points.setFocus()
    retried: list[bool] = []
    view.try_again.connect(lambda: retried.append(True))
    window.again_action.triggered.connect(lambda: retried.append(True))
    with qtbot.waitSignal(view.clip_requested) as played:
        qtbot.keyClick(view.points, Qt.Key.Key_Return)
    assert 0 <= played.args[0] < played.args[1] and not retried


def test_the_transcript_follows_the_head_a_turn_later_and_never_the_last_takes(qtbot, window):
    """The head (score, checklist, figures) is drawn at once and the transcript and coaching in
    the next event-loop turn, so a long take's layout is not one block of the UI thread; in
    between, the last take's words are never shown beside this take's score."""
    view = window.review
    with qtbot.waitSignal(view.drawn, timeout=5_000):
        view.show_review(review_of(window, timed("I declared a SEV one.")))
    assert "declared a SEV one" in view.transcript.toPlainText()
    view.show_review(review_of(window, timed(ANSWER)))
    assert view.drawing and view.points.count() > 0  # the head is there already
    assert view.transcript.toPlainText() == ""  # not the first take's words
    assert view.coaching.view.toPlainText() == ""  # nor its coaching's quotes
    with qtbot.waitSignal(view.drawn, timeout=5_000):
        pass
    assert "Checkout recovered in nineteen minutes" in view.transcript.toPlainText()
    assert view.coaching.view.toPlainText()  # the coaching came with it
    view.rerender()  # a theme change draws everything at once
    assert not view.drawing and "Checkout recovered" in view.transcript.toPlainText()


def test_a_second_review_never_draws_over_the_first_figures(qtbot, window):
    view = window.review
    view.show_review(review_of(window, timed("I declared a SEV one.")))
    view.show_review(review_of(window, timed(ANSWER)))
    shown = [w for w in view.findChildren(QLabel) if w.text() == "Length" and not w.isHidden()]
    assert len(shown) == 1  # the old row is hidden at once, not only deleted later
