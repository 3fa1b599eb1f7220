"""Screenshots of delivery coaching for the README: a live nudge beside the timer
(docs/screenshots/nudge.png) and the review's coaching panel after a 30-second drill
(docs/screenshots/coaching.png). Real takes: espeak-ng speech played into the virtual
microphone, recorded, transcribed and scored. Same set-up as scripts/screenshots.py.

    .venv/bin/python scripts/screenshot_coaching.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
assert _spec and _spec.loader
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)

FULL = (
    "On Black Friday our checkout service started failing for thirty percent of orders after a "
    "config push to the payment gateway client. As incident commander I had to restore checkout "
    "quickly and keep support and leadership informed. We declared a SEV one and we opened a "
    "single incident channel. Then I rolled back the config push within twelve minutes. I also "
    "added a canary stage for gateway config changes. Checkout recovered in nineteen minutes "
    "with no lost orders, and config related incidents dropped to zero over the next two "
    "quarters."
)
DRILL = (
    "Um, on Black Friday a config push broke checkout for thirty percent of orders. So, uh, we "
    "rolled back the config push within twelve minutes, and I added a canary stage. I think "
    "checkout kind of recovered in maybe twenty five minutes."
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    # Borrow screenshots.py's Xvfb and virtual-microphone set-up, with our own shooting.
    shots.shoot = lambda out, work: shoot(args.out, work)
    sys.argv = [sys.argv[0], "--out", str(args.out)]
    return int(shots.main())


def shoot(out: Path, work: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from star_rehearsal.core.settings import Settings, save_settings
    from star_rehearsal.ui.app import apply_theme, create_window

    app = QApplication(sys.argv[:1])
    apply_theme(app, "light")
    save_settings(Settings(target_min_s=25.0, target_max_s=40.0), work / "settings.json")
    window = create_window(
        ROOT / "stories" / "sample-deck.md", work / "data", work / "settings.json"
    )
    # 1000 px high: at 860 the coaching panel showed only the drill's line and half of Ownership
    # (run on a screen at least that high; screenshots.py's Xvfb is 1400x1050)
    window.resize(1280, 1000)
    window.show()
    session = window.session
    shots.spin_until(app, lambda: session.question is not None, 10, "the deck")
    session.select_question(next(q for q in session.deck.questions if "outage" in q.text))
    shots.spin_until(app, lambda: session.engine is not None, 60, "the model")
    shots.spin_until(app, lambda: session.workers.busy == 0, 120, "the scoring warm-up")

    def save(name: str) -> None:
        shots.spin_until(app, lambda: not window.review.drawing, 10, "the review's coaching")
        app.processEvents()
        window.grab().save(str(out / name))
        print("saved", out / name, flush=True)

    def take(text: str, wpm: int, drill: bool, during=None) -> None:
        clip = shots.speech(text, wpm, work)
        session.start_drill() if drill else session.start_take()
        shots.spin_until(app, lambda: session.state == "recording", 10, "recording")
        player = subprocess.Popen(["paplay", "-d", "virtmic", str(clip)])
        if during:
            during()
        shots.spin_until(app, lambda: player.poll() is not None, 180, "the speech to end")
        reviews: list[object] = []
        session.review_ready.connect(reviews.append)
        session.stop_take()
        shots.spin_until(app, lambda: bool(reviews), 60, "the review")
        session.review_ready.disconnect(reviews.append)

    def nudge() -> None:
        shots.spin_until(app, lambda: window.rehearse.nudge.text().startswith("No result"), 60,
                         "the nudge")  # fmt: skip
        save("nudge.png")

    take(FULL, 150, drill=False)
    take(DRILL, 140, drill=True, during=nudge)
    save("coaching.png")
    window.close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    tempfile.tempdir = None
    raise SystemExit(main())
