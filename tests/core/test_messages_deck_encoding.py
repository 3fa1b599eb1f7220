"""A deck saved as UTF-16 (Windows editors call it "Unicode") is named as such, with the fix,
instead of a generic "not UTF-8" or, without a byte-order mark, nothing usable at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from star_rehearsal.core.deck_parser import load_deck

DECK = "### Tell me about a time you failed.\n\n1. STAR - A title\n\n- Situation: s\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_deck_is_named_by_its_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(DECK.encode(encoding))  # "utf-16" writes a byte-order mark, the others not
    deck = load_deck(path)
    assert not deck.questions
    text = " ".join(m.message for m in deck.messages)
    assert "UTF-16" in text and "save it as UTF-8" in text, text


def test_a_utf8_deck_with_a_byte_order_mark_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_bytes(DECK.encode("utf-8-sig"))
    assert len(load_deck(path).questions) == 1
