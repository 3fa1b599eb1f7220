"""Takes a kill left unfinished, found when the store opens and scored on the same path as
any take (services.scoring through take_steps.rescore_file).

A kill can leave a take in four states, all picked up here: still `recording` (the store
repairs its WAV and marks it `recovered`), an orphan WAV with no row (adopted by the store),
`finished` after Stop but killed before its transcript or score was saved (0.6-2.5 s after Stop,
issue 29), and `recovered` by an earlier start that was itself killed before scoring it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.deck import Deck, Story
from star_rehearsal.services.scoring import Judging
from star_rehearsal.services.take_steps import RescoreRequest

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take, TakesStore
    from star_rehearsal.core.transcription.engine import Engine

WAV_HEADER_BYTES = 44  # a WAV this size or smaller holds no audio


@dataclass
class OpenedStore:
    """The store opened on a data folder, and what a kill left unfinished in it."""

    store: TakesStore | None = None
    unfinished: list[Take] = field(default_factory=list)
    error: BaseException | None = None  # the store could not be opened
    repair_error: BaseException | None = None  # it opened; the repair could not be saved


def open_store(data_dir: Path) -> OpenedStore:
    """Open the takes store and repair what a crash left (call before any take starts)."""
    try:
        from star_rehearsal.core.takes import TakesStore

        with contextlib.suppress(OSError):  # a read-only parent: the store says so
            data_dir.mkdir(parents=True, exist_ok=True)
        store = TakesStore(data_dir)
    except Exception as exc:
        return OpenedStore(error=exc)
    # An upgraded database's scores are summarised on the writer thread; the window does not
    # decode them all again meanwhile and reads them anew once done (ui.main_window).
    store.defer_pending = True
    try:
        recovered = list(store.recover())
    except Exception as exc:  # the takes stay readable; only the repair could not be saved
        return OpenedStore(store, repair_error=exc)
    return OpenedStore(store, unfinished_takes(store, recovered))


def unfinished_takes(store: TakesStore, recovered: list[Take]) -> list[Take]:
    """Takes still to transcribe or score: those `recover()` just repaired, and those a kill
    left `finished` or `recovered` with no score (their audio kept)."""
    seen = {t.id for t in recovered}
    found = list(recovered)
    if store.read_only:
        return found
    with contextlib.suppress(Exception):  # a damaged store: what recover() found is enough
        for take in store.unscored_takes():  # not list_takes(): 10,000 decoded at start
            if take.id not in seen and _left_unscored(take):
                found.append(take)
    return found


def _left_unscored(take: Take) -> bool:
    if take.status not in ("finished", "recovered") or take.score is not None:
        return False
    if take.score_problem:  # it has a score, a damaged one: nothing to redo
        return False
    if take.transcript is not None and not take.story_id and not take.story:
        return False  # a recording with no story: transcribing it was all there was to do
    return has_audio(take)


def has_audio(take: Take) -> bool:
    audio = Path(take.audio_path)
    return audio.is_file() and audio.stat().st_size > WAV_HEADER_BYTES


def story_of(take: Take, deck: Deck | None) -> Story | None:
    """The take's story: the deck's, else the copy kept with the take (None: an orphan WAV)."""
    story = deck.story(take.story_id) if deck is not None and take.story_id else None
    if story is None and take.story:
        story = Story.from_json(take.story)
    return story


def rescore_request(
    take: Take, engine: Engine, store: TakesStore, deck: Deck | None, judging: Judging
) -> RescoreRequest:
    """What rescoring a take left unfinished needs (only transcribed when it has no story)."""
    return RescoreRequest(engine=engine, audio_path=Path(take.audio_path), store=store,
                          take_id=take.id, story=story_of(take, deck), deck=deck,
                          judging=judging)  # fmt: skip
