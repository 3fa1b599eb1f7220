"""Issue 30, item 4: every text colour the window paints reaches 4.5:1 on what it is painted
on, in both themes — read from the live widgets after apply_theme (palettes as the style sheet
left them, list and table items, rich text and text documents), on every page: Rehearse, the
review (with coaching, the user's word, warnings), History, Dashboard and the banner; and every
interactive widget has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

import pytest
from painted import contrast, nameless, painted_text
from PySide6.QtWidgets import QApplication
from star_rehearsal.ui.app import apply_theme
from window_helpers import open_on_outage, review_of, scored, timed

ANSWER = (
    "Um, on Black Friday our checkout service started failing for thirty percent of orders. "
    "As incident commander I had to restore checkout quickly. We declared a SEV one and "
    "opened a single incident channel. Then I rolled back the config push within twenty "
    "minutes. Checkout recovered, basically, in nineteen minutes with no lost orders."
)


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_deck_path: Path):
    w = open_on_outage(qtbot, tmp_path, sample_deck_path)
    s = w.session
    for text, duration in ((ANSWER, 70.0), (ANSWER.split(". Then")[0], 20.0)):  # a trend
        take = s.store.new_take(s.question, s.story, None)
        transcript = timed(text, unsure_words=("SEV",))
        s.store.finish_take(take.id, duration)
        s.store.save_transcript(take.id, transcript)
        s.store.save_score(take.id, scored(w, transcript, duration=duration).to_json())
    s.takes_changed.emit()
    return w


def pages(window):
    """Each page as the user sees it: (name, show it)."""
    transcript = timed(ANSWER, unsure_words=("SEV",))
    data = scored(window, transcript).to_json()
    data["told_story"]["id"] = "describe-a-project-you-owned-end-to-end/1"  # the warning shows
    data["user"] = {"calls": {data["key_points"][0]["text"]: True}, "first_overall": 12}
    review = review_of(window, transcript, data, take_id="t1", previous=40)

    def rehearse():
        window.tabs.setCurrentIndex(0)
        window.pages.setCurrentWidget(window.rehearse)
        window.rehearse.set_live_text("I declared a SEV one")
        window.rehearse.set_live_preview("and rolled back")
        window.rehearse.set_nudge("No result yet — get to the outcome")
        window.banner.show_message("warning", "The microphone is quiet: check Settings.")

    def review_page():
        window.review.show_review(review)
        window.tabs.setCurrentIndex(0)
        window.pages.setCurrentWidget(window.review)
        window.banner.show_message("error", "The take could not be saved: the disk is full.")

    def history():
        window.tabs.setCurrentIndex(1)
        window.banner.show_message("info", "Report written.")

    def dashboard():
        window.tabs.setCurrentIndex(window.tabs.indexOf(window.dashboard))

    return [("rehearse", rehearse), ("review", review_page), ("history", history),
            ("dashboard", dashboard)]  # fmt: skip


@pytest.fixture
def themed():
    """Apply a theme for one test; the light one (the tests' default) comes back after."""
    yield lambda name: apply_theme(QApplication.instance(), name)
    apply_theme(QApplication.instance(), "light")


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_every_painted_text_reaches_4_5_to_1(qtbot, window, themed, theme_name):
    themed(theme_name)
    window.review.rerender()
    failures, seen = [], 0
    for name, show in pages(window):
        show()
        qtbot.wait(1)  # let the style sheet polish what was just shown
        for spot, fg, bg in painted_text(window):
            seen += 1
            ratio = contrast(fg, bg)
            if ratio < 4.5:
                failures.append(f"{name}: {spot} {fg} on {bg} = {ratio:.2f}")
    assert seen > 100  # the walk reached the pages' text
    assert not sorted(set(failures)), "\n".join(sorted(set(failures)))


def test_every_interactive_widget_has_an_accessible_name(qtbot, window):
    missing = []
    for name, show in pages(window):
        show()
        missing += [f"{name}: {m}" for m in nameless(window)]
    assert not sorted(set(missing)), "\n".join(sorted(set(missing)))
