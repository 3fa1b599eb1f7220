"""Issue 30 rough edge 9: a key point's "listen" played from its evidence to the end of the take,
so the words after it were heard as the point's. Playback.play_between stops after the clip.
Real PortAudio output into the virtual microphone's sink, real speech (espeak-ng)."""

from __future__ import annotations

from pathlib import Path

from star_rehearsal.ui.playback import TAIL_S, Playback

SPEECH = (
    "We shipped the fix on Friday and the errors stopped. Then we wrote the postmortem and "
    "named an owner for every follow up, and nobody was paged again that quarter."
)


def test_a_clip_stops_after_its_end(qtbot, virtual_mic, make_speech) -> None:  # type: ignore[no-untyped-def]
    playback = Playback()
    playback.set_source(Path(make_speech(SPEECH)))
    positions: list[float] = []
    playback.position_changed.connect(positions.append)
    with qtbot.waitSignal(playback.playing_changed, timeout=5_000):
        playback.play_between(1.0, 2.0)
    with qtbot.waitSignal(playback.playing_changed, timeout=15_000) as stopped:
        pass
    assert stopped.args == [False]
    assert positions and max(positions) < 2.0 + TAIL_S + 0.5  # one poll late at most
    # the whole clip would have run on for its full length (about 9 s)
    playback.play_at(1.0)
    qtbot.waitUntil(lambda: positions[-1] > 2.0 + TAIL_S + 0.5, timeout=10_000)
    playback.stop()
