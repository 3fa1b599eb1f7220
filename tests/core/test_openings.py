"""Openings, closings and pet phrases in `score --json` (issue 33): new keys, on real scoring
(words only: the embedding model and matcher are not what these read)."""

from __future__ import annotations

from pathlib import Path

from star_rehearsal.core.coaching.openings import across_takes
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.transcript import Transcript

STORY = "tell-me-about-a-time-you-handled-a-production-outage/1"
SETUP = ("On Black Friday our checkout service started failing for thirty percent of orders "
         "after a config push. As incident commander I had to restore checkout quickly. ")  # fmt: skip
ACTS = "I declared a SEV-1 and we rolled back the config push within 12 minutes. "


def score(sample_deck_path: Path, text: str) -> dict:  # type: ignore[type-arg]
    deck = load_deck(sample_deck_path)
    story = deck.story(STORY)
    return score_answer(story, Transcript.from_text(text, 60.0), deck=deck,
                        use_embeddings=False).to_json()  # fmt: skip


def test_a_close_that_trails_off_does_not_land(sample_deck_path: Path) -> None:
    got = score(
        sample_deck_path, SETUP + ACTS + "Checkout recovered in 19 minutes. So yeah, that's it."
    )
    opening, closing = got["openings"]["opening"], got["openings"]["closing"]
    assert opening["sets_scene"] and opening["part"] in ("situation", "task")
    assert not closing["lands"] and closing["trail_off"].lower().startswith("so yeah")
    assert "trails off" in closing["verdict"]


def test_a_close_on_the_result_lands(sample_deck_path: Path) -> None:
    got = score(
        sample_deck_path, SETUP + ACTS + "Checkout recovered in 19 minutes with no lost orders."
    )
    assert got["openings"]["closing"]["lands"] and got["openings"]["closing"]["landed"] == "result"


def test_an_opening_without_the_scene_is_named(sample_deck_path: Path) -> None:
    got = score(sample_deck_path, ACTS + ACTS + ACTS + ACTS + "Checkout recovered in 19 minutes.")
    assert not got["openings"]["opening"]["sets_scene"]


def test_pet_phrases_are_counted_within_and_across_takes(sample_deck_path: Path) -> None:
    text = ("To be honest, " + SETUP + "Basically " + ACTS + "At the end of the day, to be honest, "
            "checkout recovered in 19 minutes. To be honest it went well.")  # fmt: skip
    got = score(sample_deck_path, text)["pet_phrases"]
    counts = {i["phrase"]: i["count"] for i in got["items"]}
    assert counts["to be honest"] == 3 and counts["basically"] == 1
    assert counts["at the end of the day"] == 1
    assert got["pets"] == ["to be honest"] and "Butterfield" in got["norm"]
    across = across_takes([text, "Basically we fixed it.", "Nothing stock here."])
    by = {i["phrase"]: i for i in across["items"]}
    assert by["basically"]["takes"] == 2 and "basically" in across["pets"]


def test_the_existing_keys_are_unchanged(sample_deck_path: Path) -> None:
    """The new keys come after every key `score --json` had before them, in the same order."""
    got = list(score(sample_deck_path, SETUP + ACTS))
    before = ["story_id", "overall", "duration_s", "duration_estimated", "key_points", "star",
              "numbers", "length", "words", "words_per_minute", "pace", "pauses", "fillers",
              "told_story", "components", "matching", "matcher", "coaching"]  # fmt: skip
    assert [k for k in got if k in before] == before
    assert got.index("openings") > got.index("coaching") and "pet_phrases" in got
