"""The reference engine: openai-whisper on torch (optional extra `openai`)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.transcript import Segment, Transcript
from star_rehearsal.core.transcription.assembly import as_samples, make_segment, transcribe_samples
from star_rehearsal.core.transcription.engine import EngineUnavailable, ProgressCallback
from star_rehearsal.core.transcription.faster import DECODE_OPTIONS, default_threads
from star_rehearsal.core.transcription.models import BUNDLED, bundled_model_path, is_ct2_folder

SILENCE_PEAK = (
    1e-3  # below this the take is silent: openai-whisper has no VAD and would invent text
)


class OpenAIWhisperEngine:
    name = "openai-whisper"

    def __init__(
        self, model: str = BUNDLED, *, cpu_threads: int = 0, cache_dir: Path | None = None
    ):
        self.model_name = model or BUNDLED
        self.cpu_threads = cpu_threads or default_threads()
        self.cache_dir = cache_dir
        self._model: Any = None
        self._lock = threading.Lock()
        self.load_seconds = 0.0

    def load(self, on_progress: ProgressCallback | None = None) -> None:
        with self._lock:
            if self._model is None:
                started = time.perf_counter()
                self._model = self._load_model()
                self.load_seconds = time.perf_counter() - started

    def _load_model(self) -> Any:
        try:
            import torch
            import whisper
        except ImportError as exc:
            raise EngineUnavailable(
                "The openai-whisper engine is not installed: `pip install torch==2.13.0` "
                "then `pip install 'star-rehearsal[openai]'` (scripts/test.sh installs both)."
            ) from exc
        from star_rehearsal.core.transcription.convert import alignment_heads, converted_checkpoint

        torch.set_num_threads(self.cpu_threads)
        candidate = Path(self.model_name).expanduser()
        ct2_dir: Path | None = None
        if self.model_name in (BUNDLED, "bundled"):
            ct2_dir = bundled_model_path()
        elif candidate.is_dir() and is_ct2_folder(candidate):
            ct2_dir = candidate
        if ct2_dir is not None:
            model = whisper.load_model(str(converted_checkpoint(ct2_dir, self.cache_dir)), "cpu")
            mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
            for layer, head in alignment_heads(ct2_dir):
                mask[layer, head] = True
            model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
            return model
        try:  # a .pt checkpoint or a name openai-whisper downloads into its own cache
            return whisper.load_model(self.model_name, "cpu")
        except Exception as exc:
            raise EngineUnavailable(
                f"openai-whisper could not load '{self.model_name}': {exc}"
            ) from exc

    def transcribe(
        self,
        audio: np.ndarray | Path,
        *,
        prompt: str | None = None,
        on_progress: ProgressCallback | None = None,
        offset_s: float = 0.0,
    ) -> Transcript:
        self.load()
        samples = as_samples(audio)

        def decode(with_prompt: str | None) -> list[Segment]:
            return self._decode(samples, with_prompt, offset_s)

        return transcribe_samples(decode, samples, prompt=prompt, offset_s=offset_s,
                                  engine=self.name, model=self.model_name,
                                  on_progress=on_progress)  # fmt: skip

    def _decode(self, samples: np.ndarray, prompt: str | None, offset_s: float) -> list[Segment]:
        segments: list[Segment] = []
        if not samples.size or float(np.abs(samples).max()) < SILENCE_PEAK:
            return segments
        with self._lock:
            result = self._model.transcribe(
                samples,
                language="en",
                temperature=0.0,
                beam_size=DECODE_OPTIONS["beam_size"],
                condition_on_previous_text=False,
                initial_prompt=prompt or None,
                word_timestamps=True,
                fp16=False,
                verbose=None,
            )
        for s in result["segments"]:
            if s.get("no_speech_prob", 0) > 0.6 and s.get("avg_logprob", 0) < -1.0:
                continue
            words = ((w["start"], w["end"], w["word"], w.get("probability", 1.0))
                     for w in s.get("words", []))  # fmt: skip
            segment = make_segment(s["start"], s["end"], s["text"], words, offset_s)
            if segment.text:
                segments.append(segment)
        return segments
