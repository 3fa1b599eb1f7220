"""End to end through the window: real speech into the virtual microphone, the real recorder,
live transcription with the bundled model, scoring, the takes store, a window restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from star_rehearsal.core.settings import Settings, save_settings
from star_rehearsal.ui.session import IDLE, RECORDING
from window_helpers import open_window

# Said: the situation, two of the four actions, the first result. Not said: the canary stage,
# the postmortem, the quarterly drop in incidents.
ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders after a "
    "config push to the payment gateway client. As incident commander I had to restore checkout "
    "quickly. I declared a SEV one and opened a single incident channel. Then I rolled back the "
    "config push within twelve minutes. Checkout recovered in nineteen minutes with no lost "
    "orders."
)


def outage_question(window):
    return next(q for q in window.session.deck.questions if "outage" in q.text)


def test_speak_an_answer_review_it_and_find_it_after_a_restart(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    clip = make_speech(ANSWER, wpm=165)
    data, settings = tmp_path / "data", tmp_path / "settings.json"
    window = open_window(qtbot, sample_deck_path, data, settings, load_model=True)
    question = outage_question(window)
    window.session.select_question(question)
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)

    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    assert window.session.state == RECORDING
    player = virtual_mic(clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    # the live transcript grows while the take runs
    qtbot.waitUntil(lambda: "Black Friday" in window.rehearse.live.toPlainText(), timeout=30_000)
    assert window.rehearse.timer.elapsed > 5
    with qtbot.waitSignal(window.session.review_ready, timeout=60_000) as review:
        qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)

    score = review.args[0].score

    def covered(start: str) -> bool:
        return next(p.covered for p in score.key_points if p.text.startswith(start))

    assert covered("Declared a SEV-1") and covered("rolled back the config push")
    assert covered("Checkout recovered in 19 minutes")

    # Not said: never shown as surely covered. Through speech "configured bush" once read as the
    # canary point at confidence 0.54 (a known precision weakness of the matcher, issue 11): the
    # review marks such a point "unsure — listen", which is what a user would then see.
    def surely_covered(start: str) -> bool:
        return next(
            p.covered and not p.unsure for p in score.key_points if p.text.startswith(start)
        )

    assert not surely_covered("added a canary stage") and not covered(
        "wrote a blameless postmortem"
    )
    assert window.pages.currentWidget() is window.review
    ticks = [window.review.points.item(i).text() for i in range(window.review.points.count())]
    assert any(t.startswith("✓") and "rolled back" in t for t in ticks)
    assert any(t.startswith(("✗", "?")) and "canary" in t for t in ticks)  # missed or unsure
    # the transcript is shown; tiny.en heard "nineteen" as "90" once on the loaded 2-core runner
    qtbot.waitUntil(lambda: not window.review.drawing)  # the transcript follows the head
    assert "checkout recovered in" in window.review.transcript.toPlainText().lower()
    assert window.again_action.isEnabled()  # Enter = try again in the review

    window.tabs.setCurrentIndex(1)
    assert len(window.history.rows) == 1
    take_id = window.history.rows[0].id
    assert window.history.rows[0].score == score.overall
    window.close()

    again = open_window(qtbot, sample_deck_path, data, settings, load_model=True)
    assert again.session.question.id == question.id
    assert [r.id for r in again.history.rows] == [take_id]
    assert "1×" in again.questions._items[question.id].text(1)
    with qtbot.waitSignal(again.session.review_ready, timeout=5_000):
        again.history.open_take.emit(take_id)
    assert again.review.score.text().startswith(str(score.overall))
    again.close()


def test_a_missing_microphone_is_explained_and_old_takes_stay_usable(
    qtbot, tmp_path, sample_deck_path
):
    settings = tmp_path / "settings.json"
    save_settings(Settings(input_device="No Such Microphone 4242"), settings)
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", settings, load_model=True)
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    window.activateWindow()
    with qtbot.waitSignal(window.session.notice, timeout=10_000) as notice:
        qtbot.keyClick(window.rehearse.record, Qt.Key.Key_Space)
    kind, message = notice.args
    assert kind == "error" and "No Such Microphone 4242" in message and "Settings" in message
    assert window.banner.isVisible()
    assert window.session.state == IDLE
    assert window.session.takes_for(None) == []  # no half-made take left behind
    window.close()


@pytest.mark.parametrize("model", ["no-such-model-xyz"])
def test_a_missing_model_is_explained(qtbot, tmp_path, sample_deck_path, model):
    settings = tmp_path / "settings.json"
    save_settings(Settings(model=model), settings)
    window = open_window(qtbot, sample_deck_path, tmp_path / "data", settings, load_model=True)
    qtbot.waitUntil(lambda: window.session.model_error is not None, timeout=30_000)
    assert model in window.banner.text.text() and "Settings" in window.banner.text.text()
    assert "unavailable" in window.status.text()
    window.close()
