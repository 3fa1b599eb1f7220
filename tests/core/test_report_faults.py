"""`star-rehearsal report` under faults (issue 29, item 5): many takes, a full disk, a device, a
folder, /proc, files already there, a name too long. Real takes database, real Qt PDF writer,
a real small tmpfs for the full disk (root only; skipped otherwise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from fault_support.mounts import fill_disk, small_tmpfs
from practice_helpers import T0, add_take, make_score
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.report import Report
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.report_export import NAME_MAX, fit_name, write_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path, sample_deck_path) -> tuple[str, str]:
    """Three scored takes of the first question; (data folder, question id)."""
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    store = TakesStore(tmp_path / "data")
    for i in range(3):
        add_take(store, q, q.stories[0], T0 + timedelta(days=i), make_score(q.stories[0]))
    store.close()
    return str(tmp_path / "data"), q.id


def report(data: tuple[str, str], out: Path | str, *more: str) -> int:
    return main(["report", "--question", data[1], "--data-dir", data[0], "--out", str(out), *more])


def test_2000_takes_of_one_question_make_a_pdf(tmp_path, sample_deck_path) -> None:
    """The CLI paints the chart's 2,000 dots; without the app's PySide6 work-around that aborted
    with "Fatal Python error: none_dealloc". Rows inserted in one transaction (fast)."""
    deck = load_deck(sample_deck_path)
    q = deck.questions[0]
    story = q.stories[0]
    store = TakesStore(tmp_path / "data")
    score = make_score(story, covered=3)
    rows = [(f"t{i:05d}", q.id, q.text, story.id, (T0 + timedelta(minutes=i)).isoformat(),
             f"takes/t{i:05d}.wav", json.dumps({**score, "overall": 30 + i % 70}), 30 + i % 70)
            for i in range(2000)]  # fmt: skip
    store.write_many([("INSERT INTO takes (id, question_id, question_text, story_id, started_at,"
                       " audio_file, status, score_json, overall)"
                       " VALUES (?, ?, ?, ?, ?, ?, 'finished', ?, ?)", r) for r in rows])  # fmt: skip
    store.close()
    out = tmp_path / "many.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "report", "--question", q.id,
         "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.read_bytes().rstrip().endswith(b"%%EOF")


def test_a_device_a_folder_and_proc_are_refused_with_their_cause(data, tmp_path, capsys) -> None:
    full = tmp_path / "full.pdf"
    full.symlink_to("/dev/full")  # a .pdf name that writes to a device which is always full
    assert report(data, full) == 1
    assert "full.pdf" in (err := capsys.readouterr().err) and "is a device" in err
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert report(data, folder) == 1
    assert "is a folder" in capsys.readouterr().err
    assert report(data, "/proc/x.md") == 1
    err = capsys.readouterr().err
    assert "cannot write /proc/x" in err and "No such file" in err and "Traceback" not in err
    assert not Path("/proc/x.md").exists()


def test_a_full_disk_fails_and_leaves_no_partial_file(data, tmp_path, capsys) -> None:
    with small_tmpfs(tmp_path / "mnt", 256) as mnt:
        fill_disk(mnt, leave_bytes=2048)
        for name in ("r.pdf", "r.md"):
            assert report(data, mnt / name) == 1, name
            err = capsys.readouterr().err
            assert "No space left on device" in err, err
            assert sorted(p.name for p in mnt.iterdir()) == ["filler.bin"]


def test_existing_files_are_kept_unless_forced(data, tmp_path, capsys) -> None:
    md = tmp_path / "r.md"
    md.write_text("mine", encoding="utf-8")
    assert report(data, md) == 1
    assert "exists already" in capsys.readouterr().err and md.read_text() == "mine"
    md.unlink()
    png = tmp_path / "r-scores.png"
    png.write_bytes(b"my picture")
    assert report(data, md) == 1  # the chart beside it would be replaced too
    assert "r-scores.png exists already" in capsys.readouterr().err
    assert png.read_bytes() == b"my picture" and not md.exists()
    assert report(data, md, "--force") == 0
    assert md.read_text().startswith("# ") and png.read_bytes()[:4] == b"\x89PNG"
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"old")
    assert report(data, pdf) == 1 and pdf.read_bytes() == b"old"
    assert report(data, pdf, "--force") == 0 and pdf.read_bytes()[:5] == b"%PDF-"


def test_a_name_too_long_is_cut_to_fit(tmp_path) -> None:
    long = tmp_path / ("Tell me about a time " * 500 + ".md")
    assert len(fit_name(long).name.encode()) <= NAME_MAX
    written = write_markdown(Report("t", "# t\n\nbody\n", [("1", 50)]), long)
    assert [p.exists() for p in written] == [True, True]
    assert all(len(p.name.encode()) <= NAME_MAX for p in written)
