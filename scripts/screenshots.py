"""Screenshots of every view with real content, for the README: docs/screenshots/*.png.

Runs the real app under Xvfb (started here if DISPLAY is unset) with the seed-sized practice
deck (stories/practice-deck-27.md, 27 questions), records
real takes by playing espeak-ng speech into the virtual microphone (started here via
scripts/virtual-mic.sh unless PULSE_SERVER is set), and grabs each view.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = [
    (
        "Um, so on Black Friday our checkout service started failing for thirty percent of orders. "
        "I declared a SEV one and opened an incident channel.",
        170,
    ),
    (
        "On Black Friday our checkout service started failing for thirty percent of orders after a "
        "config push to the payment gateway client. As incident commander, you know, I had to "
        "restore checkout quickly and keep support and leadership informed. I declared a SEV one "
        "and opened a single incident channel. I rolled back the config push within twelve "
        "minutes. Um, checkout recovered in twenty five minutes with no lost orders.",
        150,
    ),
    (
        "On Black Friday our checkout service started failing for thirty percent of orders, right "
        "after a config push to the payment gateway client. Support was flooded and revenue was "
        "dropping by the minute. As incident commander I had to restore checkout quickly and keep "
        "support and leadership informed the whole time. First I declared a SEV one and opened a "
        "single incident channel, so that everybody worked in one place. Then I rolled back the "
        "config push within twelve minutes. Once we were stable I added a canary stage for "
        "gateway config changes, so that a bad push hits one percent of traffic first. And I "
        "wrote a blameless postmortem with five follow up owners. The result: checkout recovered "
        "in nineteen minutes with no lost orders. Config related incidents dropped to zero over "
        "the next two quarters, and the canary stage became the default for every payment "
        "change.",
        140,
    ),
]

DRILL = (
    "On Black Friday a config push broke checkout for thirty percent of orders. I rolled back "
    "the config push within twelve minutes and added a canary stage. Checkout recovered in "
    "nineteen minutes with no lost orders."
)


def spin_until(app, cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def speech(text: str, wpm: int, folder: Path) -> Path:
    raw, out = folder / f"{wpm}-{len(text)}.raw.wav", folder / f"{wpm}-{len(text)}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(wpm), "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out),
                    "pad", "0.4", "0.6"], check=True)  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="star-shots-"))
    started: list[subprocess.Popen[bytes]] = []
    mic_dir = None
    try:
        if not os.environ.get("DISPLAY"):
            xvfb = subprocess.Popen(
                ["Xvfb", ":97", "-screen", "0", "1400x1050x24", "-nolisten", "tcp"]
            )
            started.append(xvfb)
            os.environ["DISPLAY"] = ":97"
            time.sleep(1.0)  # a script, not a test: Xvfb has no readiness signal to wait on
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        if not os.environ.get("PULSE_SERVER"):
            mic_dir = work / "mic"
            env_lines = subprocess.run(["bash", str(ROOT / "scripts" / "virtual-mic.sh"), "start",
                                        str(mic_dir)], check=True, capture_output=True,
                                       text=True).stdout  # fmt: skip
            for part in env_lines.replace("export ", "").split():
                key, _, value = part.partition("=")
                os.environ[key] = value.strip("'")
        return shoot(args.out, work)
    finally:
        if mic_dir is not None:
            subprocess.run(["bash", str(ROOT / "scripts" / "virtual-mic.sh"), "stop", str(mic_dir)])
        for proc in started:
            proc.terminate()
        shutil.rmtree(work, ignore_errors=True)


def shoot(out: Path, work: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from star_rehearsal.ui.app import apply_theme, create_window
    from star_rehearsal.ui.settings_dialog import SettingsDialog

    app = QApplication(sys.argv[:1])
    app.setApplicationName("STAR Rehearsal")
    apply_theme(app, "light")
    window = create_window(
        ROOT / "stories" / "practice-deck-27.md", work / "data", work / "settings.json"
    )
    window.resize(1280, 900)  # tall enough for the review's coaching panel to show its last line
    window.show()
    session = window.session
    spin_until(app, lambda: session.question is not None, 10, "the deck")
    question = next(q for q in session.deck.questions if "outage" in q.text)
    session.select_question(question)
    spin_until(app, lambda: session.engine is not None, 600, "the model")
    spin_until(app, lambda: session.workers.busy == 0, 600, "the scoring warm-up")

    def save(widget, name: str) -> None:
        spin_until(app, lambda: not window.review.drawing, 10, "the review's transcript")
        app.processEvents()
        widget.grab().save(str(out / name))
        print("saved", out / name, flush=True)

    save(window, "rehearse.png")
    for i, (text, wpm) in enumerate(ANSWERS):
        clip = speech(text, wpm, work)
        session.start_take()
        spin_until(app, lambda: session.state == "recording", 10, "recording")
        player = subprocess.Popen(["paplay", "-d", "virtmic", str(clip)])
        if i == len(ANSWERS) - 1:
            # mid-answer, 20 s in (a live draft can run ahead of the voice: a text length alone
            # once caught a hallucinated draft at 0:07); on a busy machine the live text lags, so
            # the end of the speech also counts (the take is stopped right after it)
            heard_from = time.monotonic()
            spin_until(
                app,
                lambda p=player, t0=heard_from: (
                    p.poll() is not None
                    or (
                        time.monotonic() - t0 > 20 and len(window.rehearse.live.toPlainText()) > 250
                    )
                ),
                600,
                "live text",
            )
            save(window, "recording.png")
        spin_until(app, lambda p=player: p.poll() is not None, 600, "the speech to end")
        reviews: list[object] = []
        session.review_ready.connect(reviews.append)
        session.stop_take()
        spin_until(app, lambda r=reviews: bool(r), 1200, "the review")
        session.review_ready.disconnect(reviews.append)
    save(window, "review-complete.png")
    # a 30-second drill last: History keeps it in its table ("30 s drill") and out of its charts
    clip = speech(DRILL, 150, work)
    session.start_drill()
    spin_until(app, lambda: session.state == "recording", 10, "the drill")
    player = subprocess.Popen(["paplay", "-d", "virtmic", str(clip)])
    spin_until(app, lambda: player.poll() is not None, 600, "the drill's speech to end")
    drilled: list[object] = []
    session.review_ready.connect(drilled.append)
    session.stop_take()
    spin_until(app, lambda: bool(drilled), 1200, "the drill's review")
    session.review_ready.disconnect(drilled.append)
    takes = window.history.rows
    # the middle take: missed points to say next time, and a result said with the wrong figure
    # (25 minutes for the story's 19), so the review shows its "Check this figure" row
    session.open_take(takes[1].id)
    save(window, "review.png")
    window.tabs.setCurrentIndex(1)
    save(window, "history.png")
    dialog = SettingsDialog(session.settings, session.workers, window, session.data_dir)
    dialog.show()
    save(dialog, "settings.png")
    dialog.close()
    theme = apply_theme(app, "dark")
    window.history.dark = theme == "dark"
    window.tabs.setCurrentIndex(0)
    session.open_take(takes[1].id)
    save(window, "review-dark.png")
    window.tabs.setCurrentIndex(1)
    window._refresh_history()
    save(window, "history-dark.png")
    session.select_question(question)
    window.tabs.setCurrentIndex(0)
    save(window, "rehearse-dark.png")
    window.close()
    return 0


if __name__ == "__main__":
    try:
        code = main()
    except SystemExit as stop:  # a timeout: say so, then exit without waiting for the pool
        print(stop, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # pool threads still winding down must not keep a finished script alive
