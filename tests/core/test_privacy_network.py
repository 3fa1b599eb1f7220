"""No telemetry, proven: a real take (`record` on the virtual microphone) and a real `score` of
it run in fresh processes with an empty HOME under `strace -f -e trace=network`. They open no
IP socket at all (no DNS lookup, no connect; unix sockets to the microphone's PulseAudio are
fine) and write nothing in HOME outside the app's documented folders (docs/privacy.md).

The child's environment is built from scratch: the opt-outs this suite's conftest sets must
not leak in, or the test could not tell whether the app sets them itself. A control run with
the app's opt-outs switched off shows the probe does see onnxruntime's telemetry when it runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DECK = ROOT / "stories" / "sample-deck.md"
STORY = "tell-me-about-a-time-you-handled-a-production-outage/1"
SPEECH = (
    "During the Black Friday outage I led the incident response, rolled back the release "
    "and restored checkout in twenty minutes."
)
# What may appear in a fresh HOME: the app's own folders (XDG config, data, cache) and the
# PulseAudio client's cookie, which libpulse writes for any program that records sound.
ALLOWED = (
    ".config/star-rehearsal",
    ".local/share/star-rehearsal",
    ".cache/star-rehearsal",
    ".config/pulse",
)
NO_OPT_OUTS = (
    "import star_rehearsal.core.privacy as p; p.apply = lambda environ=None: None; "
    "from star_rehearsal.cli import main; raise SystemExit(main())"
)
IP_SOCKET = re.compile(r"AF_INET6?\b|htons\(53\)")


def clean_env(home: Path) -> dict[str, str]:
    """A login-like environment: no opt-outs, no XDG folders but the audio server's."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}
    for name in ("XDG_RUNTIME_DIR", "PULSE_SERVER"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def traced(cmd: list[str], env: dict[str, str], trace: Path, cwd: Path) -> str:
    out = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), *cmd],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def ip_lines(trace: Path) -> list[str]:
    return [line for line in trace.read_text().splitlines() if IP_SOCKET.search(line)]


def written(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if not p.is_dir())


def outside_app_folders(paths: list[str]) -> list[str]:
    return [p for p in paths if not any(p == a or p.startswith(a + "/") for a in ALLOWED)]


@pytest.fixture
def strace_ok(tmp_path: Path) -> None:
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (scripts/setup.sh dev installs it)")
    probe = subprocess.run(["strace", "-o", str(tmp_path / "probe"), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.decode().strip()}")


@pytest.mark.audio
def test_a_take_and_its_score_use_no_network_and_write_only_app_folders(  # type: ignore[no-untyped-def]
    strace_ok, virtual_mic, make_speech, tmp_path: Path
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = clean_env(home)
    wav = work / "take.wav"
    player = virtual_mic(make_speech(SPEECH))
    traced([sys.executable, "-m", "star_rehearsal", "record", "--seconds", "8", "--out",
            str(wav)], env, tmp_path / "record.trace", work)  # fmt: skip
    player.wait(timeout=30)
    scored = traced([sys.executable, "-m", "star_rehearsal", "score", "--deck", str(DECK),
                     "--story", STORY, "--audio", str(wav), "--json"],
                    env, tmp_path / "score.trace", work)  # fmt: skip
    assert '"key_points"' in scored  # the scorer (and onnxruntime under it) did run
    assert ip_lines(tmp_path / "record.trace") == []
    assert ip_lines(tmp_path / "score.trace") == []
    assert outside_app_folders(written(home)) == []


def test_the_probe_sees_onnxruntime_telemetry_when_the_opt_outs_are_off(  # type: ignore[no-untyped-def]
    strace_ok, tmp_path: Path
) -> None:
    """The control: without the app's opt-outs the same kind of run leaves the device id."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = clean_env(home)
    answer = work / "answer.txt"
    answer.write_text(SPEECH, encoding="utf-8")
    traced([sys.executable, "-c", NO_OPT_OUTS, "score", "--deck", str(DECK), "--story", STORY,
            "--transcript", str(answer), "--duration", "60", "--json"],
           env, tmp_path / "score.trace", work)  # fmt: skip
    leaked = outside_app_folders(written(home))
    if not leaked:
        pytest.skip("this onnxruntime build has no telemetry for the probe to see")
    assert any("Microsoft/DeveloperTools/.onnxruntime" in p for p in leaked), leaked


def traced_child(tracer: subprocess.Popen[str]) -> int | None:
    """The app strace started, once it has become the app: the fork it runs the app in is
    strace until it execs, and strace may fork short-lived children of its own (its ptrace
    feature probes: the likeliest reading, not confirmed). Taking the first child once took a
    process that ended while the app ran on, and the test waited for ever on a pipe the app
    still held (a clean-clone run at 8acd6d4)."""
    for task in Path(f"/proc/{tracer.pid}/task").glob("*/children"):
        for pid in task.read_text().split():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:  # ended meanwhile
                continue
            if argv[0] == sys.executable.encode() and b"star_rehearsal" in argv:
                return int(pid)
    return None


def stacks_of(pid: int) -> str:
    """Every thread's stack of a stuck process (py-spy, from the dev extra), to say where."""
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists():
        return ""
    out = subprocess.run([str(spy), "dump", "--pid", str(pid)], capture_output=True, text=True,
                         timeout=60, check=False)  # fmt: skip
    return "; its threads:\n" + out.stdout + out.stderr


def has_loaded(pid: int, library: str) -> bool:
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def test_the_window_uses_no_network_and_writes_only_app_folders(  # type: ignore[no-untyped-def]
    strace_ok, tmp_path: Path
) -> None:
    """The window with its default folders in an empty HOME, until the scorer's onnxruntime
    has loaded, then quit by SIGTERM. With the opt-outs off this run leaves
    ~/.cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,onnxruntime.db} (checked by hand)."""
    import signal
    import time

    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {**clean_env(home), "QT_QPA_PLATFORM": "offscreen"}
    data = home / ".local" / "share" / "star-rehearsal"  # where an installed app keeps takes
    trace = tmp_path / "window.trace"
    tracer = subprocess.Popen(
        ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), sys.executable, "-m",
         "star_rehearsal", "--deck", str(DECK), "--data-dir", str(data)],
        env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        app = None
        while app is None or not has_loaded(app, "onnxruntime"):
            assert tracer.poll() is None, tracer.stderr.read() if tracer.stderr else ""
            if app is not None and not Path(f"/proc/{app}").exists():  # ended; a child of it traced
                tracer.kill()
                try:  # a child of the app may still hold the pipe: never wait on it for ever
                    told = tracer.communicate(timeout=30)[1] or ""
                except subprocess.TimeoutExpired:
                    told = "(its stderr still held open by a process it started)"
                pytest.fail(
                    f"the app (pid {app}) ended before it loaded the scorer: {told[-4000:]}"
                )
            assert time.monotonic() < deadline, "the window never loaded the scorer" + (
                stacks_of(app) if app else ""
            )
            app = app or traced_child(tracer)
            time.sleep(0.1)  # polling a condition with a deadline
        # Its device id and queue are written as it loads (the control run below shows it);
        # its uploader's DNS lookups come later, so the window's check rests on the files
        # and the CLI test above is the one that catches the lookups.
        time.sleep(3)
        os.kill(app, signal.SIGTERM)  # closes like the close button
        tracer.wait(timeout=90)
    finally:
        if tracer.poll() is None:
            tracer.kill()
            tracer.wait()
    assert ip_lines(trace) == []
    assert outside_app_folders(written(home)) == []
    assert (data / ".star-rehearsal.lock").exists()  # it did open its data folder
