"""The parser explains every line it does not read as written (issue #31 item 1), parses in
linear time (issue #29 item 7), and gives letterless questions ids of their own (#29 item 9)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from star_rehearsal.cli import main
from star_rehearsal.core.deck import Deck
from star_rehearsal.core.deck_parser import parse_deck_text, question_id, read_lines

STORY = "- Situation: s\n- Task: t\n- Actions: did a; did b\n- Results: r\n"


def messages_at(deck: Deck, line: int) -> list[str]:
    return [m.message for m in deck.messages if m.line == line]


def test_a_heading_without_its_space_is_read_and_explained() -> None:
    deck = parse_deck_text(
        "## S\n### Tell me about a success.\n1. STAR — Good\n" + STORY
        + "###Tell me about a time you failed\n1. STAR — Bad\n" + STORY,
        "deck.md",
    )  # fmt: skip
    assert [q.text for q in deck.questions] == [
        "Tell me about a success.",
        "Tell me about a time you failed",
    ]
    (message,) = messages_at(deck, 8)
    assert "no space after ###" in message
    assert "`### Tell me about a time you failed`" in message
    assert str(deck.messages[0]).startswith("deck.md:8: warning:")


def test_a_heading_after_an_empty_results_line_is_never_a_key_point() -> None:
    # Before: "R: ###Tell me about a time you failed", and its story joined the first question.
    deck = parse_deck_text(
        "## S\n### First?\n1. STAR — One\n- Actions: a\n- Results:\n"
        "###Tell me about a time you failed\n1. STAR — Two\n- Actions: b\n- Results: c\n"
    )
    first, second = deck.questions
    assert first.stories[0].results == ()
    assert [s.title for s in first.stories] == ["One"]
    assert second.text == "Tell me about a time you failed"
    assert [s.title for s in second.stories] == ["Two"]
    assert not any("#" in point for s in deck.all_stories() for _, point in s.key_points)


@pytest.mark.parametrize("heading", ["#### Tell me more", "##### Deep"])
def test_a_deeper_heading_inside_a_story_ends_it_and_is_explained(heading: str) -> None:
    deck = parse_deck_text(
        f"## S\n### Q?\n1. STAR — One\n- Actions: a\n- Results: r\n{heading}\n"
        "1. STAR — Under it\n- Actions: x\n- Results: y\n"
    )
    assert deck.questions[0].stories[0].results == ("r",)
    assert [s.title for s in deck.all_stories()] == ["One"]
    (message,) = messages_at(deck, 6)
    assert "is not read" in message and "did you mean `### " in message


def test_a_numbered_line_without_star_is_explained_with_its_fix() -> None:
    deck = parse_deck_text(
        "## S\n### Q?\n1. STAR — One\n" + STORY + "2. Moving the nightly reports\n" + STORY
    )
    assert [s.title for s in deck.all_stories()] == ["One"]
    assert deck.questions[0].stories[0].situation == "s", "story 2's fields do not overwrite it"
    (message,) = messages_at(deck, 8)
    assert "did you mean `2. STAR — Moving the nightly reports`?" in message


def test_a_misspelt_label_is_read_as_the_nearest_one_and_explained() -> None:
    deck = parse_deck_text(
        "## S\n### Q?\n1. STAR — One\n- Sitaution: we were slow\n- Tsak: fix it\n"
        "- Actions: a\n- Reslts: r\n"
    )
    story = deck.questions[0].stories[0]
    assert (story.situation, story.task, story.results) == ("we were slow", "fix it", ("r",))
    assert "did you mean `- Situation:`?" in messages_at(deck, 4)[0]
    assert "did you mean `- Task:`?" in messages_at(deck, 5)[0]
    assert "did you mean `- Results:`?" in messages_at(deck, 7)[0]


def test_an_unknown_label_keeps_its_text_and_names_the_labels() -> None:
    deck = parse_deck_text("## S\n### Q?\n1. STAR — One\n- Actions: a\n- Outcome: b; c\n")
    story = deck.questions[0].stories[0]
    assert story.actions == ("a Outcome: b", "c")
    (message,) = messages_at(deck, 5)
    assert "not a story label" in message and "did you mean `- Results:`?" in message
    assert "read as part of Actions" in message


def test_text_and_labels_outside_a_story_are_explained() -> None:
    deck = parse_deck_text(
        "## S\n### Q?\n- Situation: no story line above\n1. STAR — One\nA sentence first\n"
        "- Actions: a\n- Results: r\n### Empty question?\n"
    )
    assert "not in a story" in messages_at(deck, 3)[0]
    assert "before the story's first label" in messages_at(deck, 5)[0]
    assert "has no story" in messages_at(deck, 8)[0]


def test_a_story_before_any_question_is_explained() -> None:
    deck = parse_deck_text("## S\n1. STAR — Orphan\n" + STORY + "### Q?\n1. STAR — One\n" + STORY)
    assert [s.title for s in deck.all_stories()] == ["One"]
    assert "not under a question" in messages_at(deck, 2)[0]


def test_real_decks_still_read_without_a_warning(
    seed_deck_path: Path, sample_deck_path: Path
) -> None:
    for path in (
        seed_deck_path,
        sample_deck_path,
        sample_deck_path.with_name("practice-deck-27.md"),
    ):
        deck, kinds = read_lines(path.read_text(encoding="utf-8"), str(path))
        assert deck.messages == (), path
        assert "warned" not in kinds.values()


# ---- the deck command shows Situation and Task ---------------------------------------------


def test_deck_outline_shows_situation_and_task_and_flags_empty_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deck.md"
    path.write_text(
        "## S\n### Q?\n1. STAR — One\n- Situation: we were slow\n- Actions: a\n- Results: r\n"
    )
    assert main(["deck", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Situation: we were slow" in out and "Task: (empty)" in out
    assert "1 question, 1 story" in out and "1 story with an empty Situation or Task" in out
    assert main(["deck", str(path), "--json"]) == 0
    story = json.loads(capsys.readouterr().out)["questions"][0]["stories"][0]
    assert story["empty_fields"] == ["task"] and story["situation"] == "we were slow"


# ---- ids of questions with no letters (#29 item 9) -----------------------------------------


def test_letterless_questions_get_distinct_stable_ids() -> None:
    texts = ["???", "🙂", "🙃 🙃", "— … —"]
    deck = parse_deck_text("## S\n" + "".join(f"### {t}\n1. STAR — t\n{STORY}" for t in texts))
    ids = [q.id for q in deck.questions]
    assert len(ids) == 4 and all(ids) and len(set(ids)) == 4
    assert not deck.messages
    assert ids == [question_id(t) for t in texts]  # stable: the same text, the same id
    assert all(i.startswith("q-") and len(i) == 14 for i in ids)
    assert question_id("Tell me?") == "tell-me", "ids with letters do not move"


# ---- linear time (#29 item 7) --------------------------------------------------------------


def _cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        parse_deck_text(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "more words on this line\n",
        "- Sitaution: more words\n",
        "2. Moving the nightly reports\n",
        "- Impactful: more words\n",
        "##\n",
    ],
)
def test_parse_time_grows_linearly(unit: str) -> None:
    """8x the lines must cost far less than the 64x of a quadratic parse (a generous 20x)."""
    head = "## S\n### Q?\n1. STAR — T\n- Actions: a\n"
    small, big = head + unit * 5_000, head + unit * 40_000
    ratio = _cpu(big) / max(_cpu(small), 1e-4)
    assert ratio < 20, f"8x the input took {ratio:.0f}x the time"


def test_a_field_of_thousands_of_points_is_cut_with_a_warning() -> None:
    deck = parse_deck_text(
        "## S\n### Q?\n1. STAR — T\n- Actions: " + "a, " * 5000 + "\n- Results: r\n"
    )
    assert len(deck.questions[0].stories[0].actions) == 200
    (message,) = messages_at(deck, 3)
    assert "more than 200 points" in message


def test_a_file_of_endless_structure_is_read_up_to_a_bound_and_says_so() -> None:
    deck, kinds = read_lines(
        "## S\n### Q?\n1. STAR — T\n- Actions: a\n- Results: r\n" + "### Z\n" * 50_010
    )
    assert [q.text for q in deck.questions] == ["Q?"]
    stop = next(m for m in deck.messages if "stopped reading here" in m.message)
    assert stop.line == 50_001 and kinds[50_015] == "skipped:50001"
    assert len(deck.messages) <= 502  # 500, the count of the rest, the stop


# ---- every non-blank line is read or warned about (property) -------------------------------

LINES = [
    "## Section",
    "##Section",
    "### Tell me about a time?",
    "###Tell me about a time?",
    "#### Deeper",
    "# Title",
    "##",
    "1. STAR — A story",
    "2) STAR: Another",
    "1. Moving the nightly reports",
    "3. Note — not a story",
    "- Situation: s",
    "- Sitaution: s",
    "- Task: t",
    "- Tsak: t",
    "- Actions: a; b",
    "- Actoins: a",
    "- Results: r",
    "- Results:",
    "- Impact: big",
    "- STAR: I did a and b, reducing c.",
    "Situation: bare",
    "  - Situation: indented",
    "  continued text",
    "plain words",
    "---",
    "#hashtag",
]
# Lines that look like structure: they are read as structure or warned about, never words.
STRUCTURE = {"##Section", "###Tell me about a time?", "#### Deeper", "##", "- Sitaution: s",
             "- Tsak: t", "- Actoins: a", "2) STAR: Another", "1. STAR — A story"}  # fmt: skip
READ = {"title", "section", "question", "story", "field", "text", "note", "rule", "prose"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(LINES), max_size=40),
    st.sampled_from(["## Stories", "## Quick answers"]),
)
def test_every_non_blank_line_is_read_or_warned_about(lines: list[str], section: str) -> None:
    text = "\n".join([section, *lines])
    deck, kinds = read_lines(text, "prop.md")
    warned = {m.line for m in deck.messages}
    under_question = False  # a section, a title or a deeper heading ends a question
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        kind = kinds.get(n)
        level = len(line) - len(line.lstrip("#"))
        heading = level in (2, 4, 5, 6) or (level == 1 and line[1:2] == " ")
        if heading and line.strip("#"):  # a title, a section or a deeper heading
            under_question = False
        under_question = under_question or kind == "question"
        assert kind is not None, f"line {n} {line!r} was neither read nor warned about"
        if kind == "warned":
            assert n in warned, f"line {n} {line!r} marked warned with no message"
        elif kind.startswith("skipped:"):
            assert int(kind.split(":")[1]) in warned, f"line {n} {line!r}: no covering warning"
        else:
            assert kind in READ, kind
        if line in STRUCTURE:
            # Never words of a story; outside any question, a label-like line is prose (the
            # seed's "Format of each story" introduction).
            assert kind != "text", f"line {n} {line!r} looks like structure but was read as words"
            assert kind != "prose" or not under_question, f"line {n} {line!r} was left as prose"
    for story in deck.all_stories():
        for _, point in story.key_points:
            assert not point.startswith("#"), "a heading was read as a key point"
