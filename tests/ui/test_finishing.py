"""Between Stop and the review: the window says what it is doing and how long is left, and the
user can move on (another question, History) while the take is finished in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from star_rehearsal.services.scoring import scoring_estimate_s
from star_rehearsal.ui.app import create_window
from star_rehearsal.ui.finishing import FinishProgress
from star_rehearsal.ui.session import FINISHING, IDLE, RECORDING

ANSWER = (
    "On Black Friday checkout failed for a third of orders. I declared a SEV one and rolled "
    "back the config push within twelve minutes."
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_progress_counts_down_through_the_stages() -> None:
    clock = FakeClock()
    progress = FinishProgress(transcribe_s=4.0, score_s=1.0, clock=clock)
    text, fraction, left = progress.status()
    assert text.startswith("Transcribing") and "about 5 s left" in text
    assert fraction == 0.0 and left == 5.0
    clock.now += 2
    assert progress.status()[2] == 3.0 and 0.3 < progress.status()[1] < 0.5
    progress.begin("score", 1.0)  # transcription was faster than estimated
    text, fraction, left = progress.status()
    assert text.startswith("Scoring") and left == 1.0 and fraction > 0.6
    clock.now += 5  # slower than estimated: never a negative countdown
    assert progress.status()[0].endswith("almost done") and progress.status()[2] == 0.0
    assert scoring_estimate_s(600) > 10 * scoring_estimate_s(0)


def test_the_window_stays_usable_while_a_take_is_finished(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    clip = make_speech(ANSWER, wpm=170)
    window = create_window(sample_deck_path, tmp_path / "data", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    session = window.session
    qtbot.waitUntil(
        lambda: session.question is not None and session.engine is not None, timeout=300_000
    )
    questions = session.deck.questions
    outage = next(q for q in questions if "outage" in q.text)
    other = next(q for q in questions if q.id != outage.id and q.stories)
    session.select_question(outage)
    statuses: list[str] = []
    session.finishing_progress.connect(lambda text, _f, _left: statuses.append(text))
    reviews: list[object] = []
    session.review_ready.connect(reviews.append)

    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    assert session.state == RECORDING and not window.questions.tree.isEnabled()
    player = virtual_mic(clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    qtbot.mouseClick(window.rehearse.record, Qt.MouseButton.LeftButton)
    # Stop returns at once: the take is finished in the background, and the window says so.
    assert session.state == FINISHING
    assert statuses and statuses[0].startswith("Transcribing") and "left" in statuses[0]
    assert window.rehearse.finishing.isVisible()
    assert window.questions.tree.isEnabled()
    session.select_question(other)  # the user moves on before the review is ready
    assert window.rehearse.question.text() == other.text
    warnings: list[str] = []
    session.notice.connect(lambda kind, text: warnings.append(f"{kind}: {text}"))
    session.start_take()  # not until the last take is finished
    assert session.state == FINISHING and warnings == [
        "warning: The last take is still being scored; one moment."
    ]

    with qtbot.waitSignal(session.notice, timeout=600_000) as notice:
        pass
    assert (
        notice.args[0] == "info" and outage.text in notice.args[1] and "History" in notice.args[1]
    )
    assert session.state == IDLE and reviews == [] and session.question.id == other.id
    assert window.pages.currentWidget() is window.rehearse
    assert not window.rehearse.finishing.isVisible()
    assert statuses[-1] == ""  # the progress line is cleared
    takes = session.takes_for(outage.id)
    assert len(takes) == 1 and takes[0].duration_s > 5
    review = session.open_take(takes[0].id)
    # The last sentence: tiny.en varies "rolled"/"roll" and "push"/"bush" around these words.
    assert review is not None and "back the" in review.transcript.text
