"""`star-rehearsal doctor`: real checks against the virtual microphone, the bundled models and
folders made broken on purpose."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from star_rehearsal.core import doctor

SPEECH = (
    "Testing the microphone for the doctor check. One, two, three, four, five. "
    "This sentence keeps going so the check hears speech for the whole second."
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}  # one line per check, whatever the path lengths
    return subprocess.run([sys.executable, "-m", "star_rehearsal", *args], capture_output=True,
                          text=True, timeout=120, env=env)  # fmt: skip


def by_name(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {c["name"]: c for c in report["checks"]}


def test_doctor_passes_with_the_virtual_microphone(
    virtual_mic, make_speech, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clip = make_speech(SPEECH, pad_s=0.0)
    env = {**os.environ, "COLUMNS": "250"}
    doctor_run = subprocess.Popen([sys.executable, "-m", "star_rehearsal", "--settings",
                                   str(tmp_path / "settings.json"), "doctor", "--json",
                                   "--data-dir", str(tmp_path / "data")], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    player = virtual_mic(clip)
    try:  # speech plays for as long as the doctor runs, however slow the machine is
        while doctor_run.poll() is None:
            if player.poll() is not None:
                player = virtual_mic(clip)
            with contextlib.suppress(subprocess.TimeoutExpired):
                doctor_run.wait(timeout=0.2)
        stdout, stderr = doctor_run.communicate(timeout=120)
    finally:
        player.kill()
        player.wait(timeout=30)
        if doctor_run.poll() is None:
            doctor_run.kill()
    out = subprocess.CompletedProcess(doctor_run.args, doctor_run.returncode, stdout, stderr)
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    checks = by_name(report)
    assert report["ok"] is True
    assert list(checks) == ["settings", "data folder", "audio server", "microphone",
                            "speech model", "embedding model", "menu entry"]  # fmt: skip
    assert (
        checks["audio server"]["status"] == "ok" and "virtmic" in checks["audio server"]["detail"]
    )
    mic = checks["microphone"]
    assert mic["status"] == "ok", mic
    assert "16000 Hz" in mic["detail"] and "silent" not in mic["detail"]
    assert (
        checks["speech model"]["status"] == "ok" and "tiny.en" in checks["speech model"]["detail"]
    )
    assert checks["embedding model"]["status"] == "ok"
    assert checks["data folder"]["status"] == "ok"
    assert "will be created" in checks["data folder"]["detail"]
    assert not (tmp_path / "data").exists(), "doctor must not create the data folder"


def test_doctor_says_a_silent_microphone_is_silent(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = cli("--settings", str(tmp_path / "s.json"), "doctor", "--data-dir", str(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr  # a warning is not a failure
    mic_lines = [line for line in out.stdout.splitlines() if "microphone" in line]
    assert any(line.strip().startswith("WARN") and "silent" in line for line in mic_lines), (
        out.stdout
    )
    assert "fix: Speak while the check runs" in out.stdout
    assert out.stdout.splitlines()[-1].endswith(" above.")
    assert "(s)" not in out.stdout.splitlines()[-1]


def test_doctor_fails_on_a_broken_data_folder(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "recordings"
    not_a_folder.write_text("I am a file where the data folder should be\n")
    out = cli("--settings", str(tmp_path / "s.json"), "doctor", "--no-microphone",
              "--data-dir", str(not_a_folder))  # fmt: skip
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"FAIL  data folder      {not_a_folder} is a file, not a folder" in out.stdout
    assert "fix: Move that file away" in out.stdout
    assert out.stdout.splitlines()[-1].startswith("1 problem to fix")  # a warning may follow
    assert "(s)" not in out.stdout.splitlines()[-1]
    assert "Traceback" not in out.stderr


def test_a_damaged_takes_database_is_named_with_the_way_out(tmp_path: Path) -> None:
    (tmp_path / "takes.sqlite3").write_bytes(b"this is not an SQLite database" * 100)
    check = doctor.check_data_folder(tmp_path)
    assert check.status == doctor.FAIL and "takes.sqlite3 is damaged" in check.detail
    assert check.fix and "move" in check.fix and "WAV files in takes/ stay" in check.fix


def test_a_data_folder_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("x")
    check = doctor.check_data_folder(tmp_path / "blocker" / "data")
    assert check.status == doctor.FAIL and "is a file" in check.detail
    assert check.fix and "Settings" in check.fix


def test_a_good_data_folder_reports_free_space(tmp_path: Path) -> None:
    check = doctor.check_data_folder(tmp_path)
    assert check.status in (doctor.OK, doctor.WARN) and "GB free" in check.detail
    assert "exists, writable" in check.detail


def test_no_audio_server_is_a_warning_with_a_fix(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "PULSE_SERVER": f"unix:{tmp_path}/no-such-socket",
           "XDG_RUNTIME_DIR": str(tmp_path)}  # fmt: skip
    check = doctor.check_audio_server(env)
    assert check.status == doctor.WARN and "no PulseAudio or PipeWire server" in check.detail
    assert check.fix and "pipewire-pulse" in check.fix


def test_a_missing_model_fails_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    check = doctor.check_model("faster-whisper", str(tmp_path / "model"))
    assert check.status == doctor.FAIL and "not a CTranslate2 Whisper model folder" in check.detail
    assert check.fix and "tiny.en" in check.fix


def test_an_unreadable_settings_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    check = doctor.check_settings(path)
    assert check.status == doctor.WARN and "uses defaults" in check.detail
    assert check.fix and str(path) in check.fix


def test_a_crashing_check_is_a_finding_not_a_traceback() -> None:
    def boom() -> doctor.Check:
        raise RuntimeError("unexpected")

    check = doctor._fail_safe("x", boom)
    assert check.status == doctor.FAIL and "RuntimeError: unexpected" in check.detail


def test_doctor_never_downloads_a_model(tmp_path: Path) -> None:
    """A named model missing from the (empty) cache is reported, not fetched."""
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"model": "base.en"}))
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "COLUMNS": "250"}
    out = subprocess.run([sys.executable, "-m", "star_rehearsal", "--settings", str(settings),
                          "doctor", "--no-microphone", "--json", "--data-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert out.returncode == 1, out.stdout + out.stderr
    model = by_name(json.loads(out.stdout))["speech model"]
    assert model["status"] == "fail" and "'base.en' is not downloaded yet" in model["detail"]
    assert "tiny.en" in model["fix"]
    assert not (tmp_path / "hf").exists() or not any((tmp_path / "hf").rglob("*.bin"))


def test_a_menu_entry_left_by_a_moved_installation_is_reported(tmp_path: Path) -> None:
    from star_rehearsal.core import desktop_entry

    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert doctor.check_menu_entry(env).status == doctor.OK  # none installed: fine
    program = tmp_path / "old-venv" / "bin" / "star-rehearsal"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    desktop_entry.install(tmp_path, [str(program)], "0.0.0")
    assert doctor.check_menu_entry(env).status == doctor.OK
    program.unlink()  # the checkout moved away
    check = doctor.check_menu_entry(env)
    assert check.status == doctor.WARN and str(program) in check.detail
    assert check.fix and "install-desktop-entry" in check.fix


def test_doctor_takes_settings_after_the_subcommand(tmp_path: Path) -> None:
    """`doctor --settings PATH` like the other commands (it was rejected by argparse)."""
    settings = tmp_path / "settings.json"
    settings.write_text("{ not json")
    out = cli("doctor", "--no-microphone", "--json", "--settings", str(settings),
              "--data-dir", str(tmp_path / "data"))  # fmt: skip
    assert "unrecognized arguments" not in out.stderr, out.stderr
    check = by_name(json.loads(out.stdout))["settings"]
    assert check["status"] == "warn" and str(settings) in check["fix"]
