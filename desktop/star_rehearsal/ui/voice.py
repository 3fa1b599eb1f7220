"""Questions read aloud by an offline voice (Qt TextToSpeech over speech-dispatcher + espeak-ng).

Optional: with no engine or no voice installed, `Voice.available` is False and `say` does
nothing; the mock interview then only shows the question."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an optional Qt module: imported when a voice is asked for
    from PySide6.QtTextToSpeech import QTextToSpeech

PREFERRED_ENGINES = ("speechd", "flite")


class Voice:
    def __init__(self, engine: str | None = None) -> None:
        self.engine_name = ""
        self.problem = ""
        self._tts: QTextToSpeech | None = None
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # an install without the QtTextToSpeech module
            self.problem = f"Qt TextToSpeech is missing ({exc})"
            return
        engines = QTextToSpeech.availableEngines()
        wanted = [engine] if engine else [e for e in PREFERRED_ENGINES if e in engines]
        for name in wanted:
            if name not in engines:
                continue
            tts = QTextToSpeech(name)
            if tts.state() != QTextToSpeech.State.Error and (
                name == "mock" or tts.availableVoices()
            ):
                self._tts, self.engine_name = tts, name
                _prefer_english(tts)
                return
        self.problem = ("no offline voice: install speech-dispatcher and "
                        "speech-dispatcher-espeak-ng (scripts/setup.sh does)")  # fmt: skip

    @property
    def available(self) -> bool:
        return self._tts is not None

    @property
    def tts(self) -> QTextToSpeech | None:
        return self._tts

    def say(self, text: str) -> bool:
        if self._tts is None:
            return False
        self._tts.say(text)
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()


def _prefer_english(tts: QTextToSpeech) -> None:
    """speech-dispatcher may start on any espeak-ng language; the decks are in English."""
    from PySide6.QtCore import QLocale

    english = [loc for loc in tts.availableLocales() if loc.language() == QLocale.Language.English]
    if english:
        us = [loc for loc in english if loc.territory() == QLocale.Country.UnitedStates]
        tts.setLocale((us or english)[0])
    plain = [
        v for v in tts.availableVoices() if v.name() in ("English (America)", "English_(America)")
    ]
    if plain:
        tts.setVoice(plain[0])
