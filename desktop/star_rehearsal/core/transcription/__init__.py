"""Local Whisper transcription: engines, audio loading, the story prompt, live transcription.

The names below but `create_engine` are imported from their modules on first use
(core/lazy_exports: importing this package from two threads at once must not deadlock)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from star_rehearsal.core.defaults import ENGINE, MODEL
from star_rehearsal.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from star_rehearsal.core.audio.files import AudioFileError, iter_audio, load_audio
    from star_rehearsal.core.transcription.engine import Engine, EngineUnavailable
    from star_rehearsal.core.transcription.live import LiveTranscriber
    from star_rehearsal.core.transcription.prompt import story_prompt

__getattr__ = lazy_exports(__name__, {
    "Engine": "engine", "EngineUnavailable": "engine", "LiveTranscriber": "live",
    "story_prompt": "prompt", "AudioFileError": "star_rehearsal.core.audio.files",
    "iter_audio": "star_rehearsal.core.audio.files", "load_audio": "star_rehearsal.core.audio.files",
})  # fmt: skip

ENGINES = ("faster-whisper", "openai-whisper")

_cache: dict[tuple[str, str, int], Engine] = {}
_cache_lock = threading.Lock()


def create_engine(name: str = ENGINE, model: str = MODEL, *, cpu_threads: int = 0) -> Engine:
    """An engine for (name, model), reused across calls so a model loads once. Cheap: the
    model itself loads on first use or on engine.load()."""
    key = (name, model, cpu_threads)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        engine: Engine
        if name == "faster-whisper":
            from star_rehearsal.core.transcription.faster import FasterWhisperEngine

            engine = FasterWhisperEngine(model, cpu_threads=cpu_threads)
        elif name == "openai-whisper":
            from star_rehearsal.core.transcription.openai_engine import OpenAIWhisperEngine

            engine = OpenAIWhisperEngine(model, cpu_threads=cpu_threads)
        else:
            from star_rehearsal.core.transcription.engine import EngineUnavailable

            raise EngineUnavailable(f"unknown engine '{name}'; choose one of {', '.join(ENGINES)}")
        _cache[key] = engine
        return engine


__all__ = [
    "ENGINES",
    "AudioFileError",
    "Engine",
    "EngineUnavailable",
    "LiveTranscriber",
    "create_engine",
    "iter_audio",
    "load_audio",
    "story_prompt",
]
