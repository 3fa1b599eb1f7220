"""The engine interface every transcription backend implements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from star_rehearsal.core.transcript import Transcript

ProgressCallback = Callable[[float], None]  # fraction done, 0..1


class EngineUnavailable(Exception):
    """The engine or its model cannot be used here; the message says what to install or do."""


class Engine(Protocol):
    name: str
    model_name: str

    def load(self, on_progress: ProgressCallback | None = None) -> None:
        """Load the model now (it is otherwise loaded on first use). Safe to call twice."""

    def transcribe(
        self,
        audio: np.ndarray | Path,
        *,
        prompt: str | None = None,
        on_progress: ProgressCallback | None = None,
        offset_s: float = 0.0,
    ) -> Transcript:
        """Transcribe float32 mono 16 kHz samples (or a file); times are shifted by offset_s."""
        ...
