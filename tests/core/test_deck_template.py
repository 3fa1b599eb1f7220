"""`new-deck` and `deck --sample` (issue #31 item 2): the template reads without a warning, its
stories score, it never overwrites a file, and both decks ship inside a built package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck, read_lines
from star_rehearsal.core.deck_template import template_deck_path
from star_rehearsal.core.scoring.score import score_answer
from star_rehearsal.core.transcript import Transcript

ROOT = Path(__file__).resolve().parents[2]


def test_new_deck_writes_a_template_that_reads_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "my-stories.md"
    assert main(["new-deck", str(path)]) == 0
    assert f"star-rehearsal deck {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text == template_deck_path().read_text(encoding="utf-8")
    deck, kinds = read_lines(text, str(path))
    assert deck.messages == ()
    assert "warned" not in kinds.values()
    stories = deck.all_stories()
    assert len([s for s in stories if not s.free_text]) == 2, "two example stories"
    # Every rule of the format is shown: sections, a note, a divider, a continued bullet, a
    # Quick section's `- STAR:` paragraph with inline labels.
    assert {"section", "question", "story", "field", "text", "note", "rule"} <= set(kinds.values())
    assert any(q.section.startswith("Quick") for q in deck.questions)
    assert all(s.situation and s.task and s.actions and s.results for s in stories)


def test_the_template_stories_score(tmp_path: Path) -> None:
    deck = load_deck(template_deck_path())
    story = deck.all_stories()[0]
    answer = (
        "Our team was starting a booking service and a senior colleague wanted a document store. "
        "I wrote both options down with the queries we would need, built a prototype of each "
        "and went through the results with my colleague before the team saw them. We chose the "
        "relational database and the prototype queries ran four times faster."
    )
    score = score_answer(story, Transcript.from_text(answer), deck=deck)
    covered = [p for p in score.key_points if p.covered]
    assert score.overall > 0 and len(covered) >= 3


def test_new_deck_never_overwrites_and_names_the_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "stories.md"
    existing.write_text("my own words\n", encoding="utf-8")
    assert main(["new-deck", str(existing)]) == 1
    assert "already exists; nothing was overwritten" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "my own words\n"
    assert main(["new-deck", str(tmp_path / "missing" / "x.md")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["new-deck", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err  # a folder is an existing path too


def test_deck_sample_prints_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "--sample"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file() and load_deck(path).messages == ()
    assert main(["deck"]) == 2
    assert "--sample" in capsys.readouterr().err


def test_a_built_package_carries_the_sample_and_the_template(tmp_path: Path) -> None:
    """What a pip install gets: setup.py's build_py copies both decks into the package."""
    subprocess.run(
        [sys.executable, str(ROOT / "setup.py"), "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=tmp_path, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    stories = tmp_path / "star_rehearsal" / "stories"
    assert {p.name for p in stories.iterdir()} >= {"sample-deck.md", "template-deck.md"}
    assert "include stories/template-deck.md" in (ROOT / "MANIFEST.in").read_text()
