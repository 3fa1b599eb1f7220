"""The deck parser: every form of the format, the seed's counts, and each kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck, parse_deck_text, question_id
from star_rehearsal.core.deck_points import free_form_points, split_points

FIXTURES = Path(__file__).parents[1] / "fixtures" / "decks"


def test_question_id_rules() -> None:
    assert (
        question_id("Did you ever oppose someone’s technical approach and how?")
        == "did-you-ever-oppose-someone-s-technical-approach-and-how"
    )
    assert question_id("  E2E ownership — examples!  ") == "e2e-ownership-examples"


def test_split_points_semicolons_then_commas_outside_parentheses() -> None:
    assert split_points("Did A; and did B (x; y); did C.") == ["Did A", "did B (x", "y)", "did C"]
    assert split_points("Faster X, fewer Y (a, b), and clearer Z.") == [
        "Faster X",
        "fewer Y (a, b)",
        "clearer Z",
    ]


def test_seed_parses_to_the_expected_counts(seed_deck_path: Path) -> None:
    deck = load_deck(seed_deck_path)
    stories = deck.all_stories()
    assert len(deck.questions) == 27
    assert len(stories) == 70
    assert sum(not s.is_free_form for s in stories) == 62
    assert sum(s.is_free_form for s in stories) == 8
    assert sum(len(s.actions) for s in stories) == 196
    assert sum(len(s.results) for s in stories) == 151
    assert deck.messages == ()
    oppose = deck.question("did-you-ever-oppose-someone-s-technical-approach-and-how")
    assert oppose is not None and len(oppose.stories) == 4
    inline = oppose.stories[1]
    assert inline.id == "did-you-ever-oppose-someone-s-technical-approach-and-how/2"
    assert inline.title == "Delegation Framework — stateless event-forwarder vs stateful service"
    assert inline.situation.startswith("Staff Engineers suggested")
    assert len(inline.actions) == 3 and len(inline.results) == 2
    # The "Format of each story" preamble and the Note are not stories.
    assert all(s.title != "" or s.is_free_form for s in stories)
    assert not any("context and problem" in s.situation for s in stories)


def test_sample_deck_covers_every_form(sample_deck_path: Path) -> None:
    deck = load_deck(sample_deck_path)
    stories = deck.all_stories()
    assert deck.messages == ()
    assert len(deck.questions) >= 8 and len(stories) >= 12
    quick = [q for q in deck.questions if q.section.startswith("Quick")]
    assert quick, "a Quick section with numbered questions"
    assert any(s.is_free_form for s in stories), "a free-form STAR paragraph"
    assert any(s.free_text and not s.is_free_form for s in stories), "an inline-labelled STAR"
    assert all(s.key_points for s in stories)
    assert not any("Say what" in s.situation for s in stories), "the Note is not a story"


def test_free_form_points_split_actions_from_results() -> None:
    actions, results = free_form_points(
        "During the migration, I wrote runbooks and built recovery jobs, "
        "reducing on-call toil and speeding up diagnostics."
    )
    assert actions == ["I wrote runbooks and built recovery jobs"]
    assert results == ["reducing on-call toil", "speeding up diagnostics"]


def test_story_fields_continue_on_following_lines() -> None:
    deck = parse_deck_text(
        "## S\n### Q one?\n1. STAR — T\n- Situation: a\n  b\n- Task: t\n- Actions: x;\n  y\n"
        "- Results: r\n"
    )
    story = deck.questions[0].stories[0]
    assert story.situation == "a b"
    assert story.actions == ("x", "y")


@pytest.mark.parametrize(
    ("name", "content", "needle", "line"),
    [
        ("empty.md", b"", "empty", 0),
        ("blank.md", b"\n\n   \n", "empty", 0),
        ("latin1.md", "## S\n### Q?\n1. STAR - caf\xe9\n".encode("latin-1"), "UTF-8", 3),
        ("nostories.md", b"# Notes\n\nJust some text.\n### A question?\n", "no STAR stories", 0),
    ],
)
def test_unusable_files_get_one_clear_error(
    tmp_path: Path, name: str, content: bytes, needle: str, line: int
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    deck = load_deck(path)
    assert not deck.usable
    assert len(deck.errors) == 1
    error = deck.errors[0]
    assert needle in error.message and error.line == line
    assert str(path) in str(error)


def test_missing_and_directory_paths(tmp_path: Path) -> None:
    assert "not found" in load_deck(tmp_path / "nope.md").errors[0].message
    assert "folder" in load_deck(tmp_path).errors[0].message


def test_broken_stories_are_reported_and_the_rest_stays_usable() -> None:
    deck = load_deck(FIXTURES / "broken.md")
    assert deck.usable
    messages = [str(m) for m in deck.messages]
    path = str(FIXTURES / "broken.md")
    assert f"{path}:12: warning: story 'No results here' has no Results" in messages
    assert f"{path}:17: warning: story 'Bare' has no Actions or Results" in messages
    assert any(":26: warning: duplicate question" in m and "line 3" in m for m in messages)
    ids = [q.id for q in deck.questions]
    assert ids == ["what-went-well", "what-did-you-learn"]
    learn = deck.question("what-did-you-learn")
    assert learn is not None and learn.stories[0].results == ("Learned it",)


def test_deck_cli_json_shape(sample_deck_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", str(sample_deck_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"questions", "warnings"}
    q = data["questions"][0]
    assert set(q) == {"id", "section", "text", "stories"}
    assert {"id", "title", "situation", "task", "actions", "results"} <= set(q["stories"][0])


def test_deck_cli_outline_and_failure(
    sample_deck_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deck", str(sample_deck_path)]) == 0
    out = capsys.readouterr().out
    assert "Checkout outage on Black Friday" in out and "A: " in out and "R: " in out
    assert main(["deck", str(tmp_path / "missing.md")]) == 1
    err = capsys.readouterr().err
    assert "missing.md: error: file not found" in err and "Traceback" not in err
