"""The README's user documentation matches the program: the example deck parses as described,
every subcommand is in the command table, and the keyboard table lists the window's shortcuts."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence
from star_rehearsal.cli import build_parser
from star_rehearsal.core.deck_parser import parse_deck_text
from star_rehearsal.ui.app import create_window

README = Path(__file__).resolve().parents[2] / "README.md"


def section(title: str) -> str:
    """The text under `## title` up to the next level-2 heading outside a code block."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {title}")
    out, fenced = [], False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            break
        out.append(line)
    return "\n".join(out)


def test_the_example_deck_parses_as_the_readme_says() -> None:
    block = re.search(r"```markdown\n(.*?)```", section("Write your deck"), re.S)
    assert block, "the deck format section has no ```markdown example"
    deck = parse_deck_text(block.group(1), path="README.md")
    assert deck.messages == (), [str(m) for m in deck.messages]
    assert [q.section for q in deck.questions] == ["Pillar: Ownership", "Quick answers"]
    outage, weakness = deck.questions
    assert len(outage.stories) == 2 and outage.stories[0].title.startswith("Payments outage")
    first = outage.stories[0]
    assert len(first.actions) == 3 and len(first.results) == 3
    assert weakness.stories[0].is_free_form and weakness.stories[0].key_points


def test_every_subcommand_is_in_the_command_table() -> None:
    table = section("Command line")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"`star-rehearsal {name}" in table, f"{name} is missing from the README"
    assert "`star-rehearsal --version`" in table


def test_the_keyboard_table_is_the_windows_shortcuts(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = create_window(None, tmp_path / "data", tmp_path / "settings.json", load_model=False)
    qtbot.addWidget(window)
    in_window = {
        action.shortcut().toString()
        for action in window.actions()
        if not action.shortcut().isEmpty()
    }
    if not QKeySequence.keyBindings(QKeySequence.StandardKey.Quit):
        in_window.add("Ctrl+Q")  # offscreen has no platform binding for Quit; X11/Wayland: Ctrl+Q
    rows = re.findall(r"^\| ([^|]+?) \| [^|]+ \|$", section("Keyboard"), re.M)
    in_readme = set()
    for cell in rows[1:] if rows[0] == "key" else rows:
        for key in cell.split(" / "):
            key = {"Enter": "Return"}.get(key, key)
            in_readme.add(QKeySequence(key).toString())
    assert in_readme == in_window
