"""Coaching in the window: the review's coaching panel, live nudges beside the timer during a
real take through the virtual microphone, and the 30-second drill against the full take."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from star_rehearsal.core.coaching.drill import add_drill
from star_rehearsal.core.coaching.live import live_coverage
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import Score, score_answer
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.core.transcript import Segment, Transcript
from star_rehearsal.ui.app import create_window
from star_rehearsal.ui.coaching_panel import CoachingPanel
from star_rehearsal.ui.live_nudges import LiveNudges
from star_rehearsal.ui.session import RECORDING
from star_rehearsal.ui.workers import Workers

ROOT = Path(__file__).resolve().parents[2]
OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
FULL = (
    "On Black Friday our checkout service started failing for thirty percent of orders after a "
    "config push. As incident commander I had to restore checkout quickly. I declared a SEV one "
    "and opened a single incident channel. Then I rolled back the config push within twelve "
    "minutes. Checkout recovered in nineteen minutes with no lost orders."
)
DRILL = (
    "I rolled back the config push within twelve minutes. "
    "Checkout recovered in nineteen minutes with no lost orders."
)


def test_the_panel_shows_each_measure_and_plays_from_a_quote(qtbot):
    deck = load_deck(ROOT / "stories" / "sample-deck.md")
    text = ("On Black Friday our checkout was failing for a third of orders. We declared a SEV-1 "
            "and we opened one incident channel. I rolled back the config push within twelve "
            "minutes. I think checkout kind of recovered in twenty five minutes.")  # fmt: skip
    score = score_answer(deck.story(OUTAGE), Transcript.from_text(text), deck=deck).to_json()
    previous = {"story_id": OUTAGE, "key_points": [dict(p, covered=True) for p in score["key_points"][:3]]}  # fmt: skip
    add_drill(score, (30.0, 45.0), [type("Take", (), {"id": "t1", "story_id": OUTAGE, "score": previous})()])  # fmt: skip
    panel = CoachingPanel()
    qtbot.addWidget(panel)
    typed = Score.from_json(score)  # the panel reads the typed parts (issue 28)
    panel.show_coaching(typed.coaching, typed.drill)
    shown = panel.view.toPlainText()
    assert "“we” ×2" in shown and "We declared a SEV-1 and we opened one incident channel" in shown
    assert "“I think”, “kind of” in your result" in shown
    assert "Check this figure: you said “25 minutes”" in shown
    assert "30-second version" in shown and "survived the cut" in shown
    assert "No recording to analyse" in shown
    with qtbot.waitSignal(panel.play_at) as played:
        panel.view.anchorClicked.emit(QUrl("time:3.5"))
    assert played.args == [3.5]
    panel.show_coaching(None)  # a take scored before coaching existed
    assert "before coaching existed" in panel.view.toPlainText()


def test_nudges_can_be_turned_off(qtbot, sample_deck_path):
    deck = load_deck(sample_deck_path)
    nudges = LiveNudges()
    seen: list[str] = []
    nudges.changed.connect(seen.append)
    nudges.start(deck.story(OUTAGE), deck, (60.0, 90.0), enabled=True)
    said = [Segment(0.0, 6.0, "I declared a SEV one and opened a single incident channel.")]
    nudges.set_coverage(live_coverage(deck.story(OUTAGE), deck, said))
    nudges.tick(95.0)
    assert nudges.text.startswith("Wrap up")
    nudges.start(deck.story(OUTAGE), deck, (60.0, 90.0), enabled=False)
    nudges.tick(95.0)
    assert nudges.text == "" and seen == ["Wrap up: land the result", ""]


def test_a_result_said_early_is_not_asked_for(qtbot, sample_deck_path):
    """The nudges read the coverage of what was said so far: a result already said must not
    bring "No result yet" or "land the result" (it did for every take while nothing fed them)."""
    deck = load_deck(sample_deck_path)
    story = deck.story(OUTAGE)
    nudges = LiveNudges()
    nudges.start(story, deck, (60.0, 90.0), enabled=True)
    nudges.tick(60.0)
    assert nudges.text == ""  # nothing heard yet: silence is no missing result (issue 30)
    said = [Segment(0.0, 6.0, "Checkout recovered in nineteen minutes with no lost orders.")]
    nudges.set_coverage(live_coverage(story, deck, said))
    nudges.tick(60.0)
    assert nudges.text == ""
    nudges.tick(95.0)
    assert nudges.text == "Wrap up"


def test_the_nudge_setting_is_in_the_dialog_and_saved(qtbot, tmp_path):
    from star_rehearsal.core.settings import load_settings
    from star_rehearsal.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), Workers())
    qtbot.addWidget(dialog)
    assert dialog.nudges.isChecked()  # on by default
    dialog.nudges.setChecked(False)
    save_settings(dialog.result_settings(), tmp_path / "settings.json")
    assert load_settings(tmp_path / "settings.json").live_nudges is False


def test_live_nudges_and_the_30_second_drill_through_the_microphone(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    settings = tmp_path / "settings.json"
    save_settings(Settings(target_min_s=8.0, target_max_s=16.0), settings)
    window = create_window(sample_deck_path, tmp_path / "data", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session.question is not None, timeout=10_000)
    window.session.select_question(
        next(q for q in window.session.deck.questions if "outage" in q.text)
    )
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)

    # The full take: the result comes last, after 60 % of the band (9.6 s) and past its end.
    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    assert window.session.state == RECORDING
    player = virtual_mic(make_speech(FULL, wpm=165))
    qtbot.waitUntil(
        lambda: window.rehearse.nudge.text().startswith("No result yet"), timeout=30_000
    )
    assert window.rehearse.timer.elapsed >= 0.6 * 16
    qtbot.waitUntil(lambda: window.rehearse.nudge.text().startswith("Wrap up"), timeout=30_000)
    assert window.rehearse.timer.elapsed >= 16
    assert window.rehearse.nudge.isVisible() and window.rehearse.record.text() == "Stop"
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    # Once the live transcript has the result, the cue stops asking for it.
    qtbot.waitUntil(lambda: window.rehearse.nudge.text() == "Wrap up", timeout=60_000)
    with qtbot.waitSignal(window.session.review_ready, timeout=180_000) as full:
        qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    assert window.rehearse.nudge.text() == ""
    coaching = full.args[0].coaching
    assert coaching["voice"]["pitch"]["range_st"] > 0  # the recording itself was analysed
    qtbot.waitUntil(lambda: not window.review.drawing)  # the coaching follows the head
    assert "Voice" in window.review.coaching.view.toPlainText()

    # The 30-second version: band halved, compared with the full take.
    qtbot.mouseClick(window.review.coaching.drill, Qt.MouseButton.LeftButton)
    assert window.session.state == RECORDING and window.rehearse.timer.band == (4.0, 8.0)
    player = virtual_mic(make_speech(DRILL, wpm=165))
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    with qtbot.waitSignal(window.session.review_ready, timeout=180_000) as drill:
        qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    result = drill.args[0].drill
    assert result["previous_take"] == full.args[0].take_id and result["band"] == [4.0, 8.0]
    assert any(t.startswith("rolled back") for t in result["survived"])
    assert any(t.startswith("Checkout recovered") for t in result["survived"])
    assert any(t.startswith("Declared a SEV-1") for t in result["cut"])
    qtbot.waitUntil(lambda: not window.review.drawing)
    assert "survived the cut" in window.review.coaching.view.toPlainText()
    assert window.rehearse.timer.band == (8.0, 16.0)  # the next take is a full one again
    window.close()
