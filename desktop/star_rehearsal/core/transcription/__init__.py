"""Local Whisper transcription: engines, audio loading, the story prompt, live transcription."""

from __future__ import annotations

import threading

from star_rehearsal.core.audio.files import AudioFileError, iter_audio, load_audio
from star_rehearsal.core.defaults import ENGINE, MODEL
from star_rehearsal.core.transcription.engine import Engine, EngineUnavailable
from star_rehearsal.core.transcription.live import LiveTranscriber
from star_rehearsal.core.transcription.prompt import story_prompt

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
