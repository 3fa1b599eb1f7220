"""`takes` shows the question id `report --question` wants, and `report --question` also takes
the question's text or its start; a named data folder without takes is not asked for again.
Real store and CLI; the takes' scores are made by practice_helpers (no audio is needed here)."""

from __future__ import annotations

import json

from practice_helpers import T0, add_take, make_score
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore


def _one_take(tmp_path, sample_deck_path):  # type: ignore[no-untyped-def]
    deck = load_deck(sample_deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    store = TakesStore(tmp_path / "data")
    add_take(store, q, q.stories[0], T0, make_score(q.stories[0], covered=2))
    store.close()
    return q, str(tmp_path / "data")


def test_takes_shows_the_question_id_in_text_and_json(tmp_path, sample_deck_path, capsys) -> None:  # type: ignore[no-untyped-def]
    q, data = _one_take(tmp_path, sample_deck_path)
    assert main(["takes", "--data-dir", data]) == 0
    assert f"[{q.id}]" in capsys.readouterr().out
    assert main(["takes", "--json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out)["takes"][0]["question_id"] == q.id


def test_report_question_takes_the_question_text_or_its_start(
    tmp_path, sample_deck_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    q, data = _one_take(tmp_path, sample_deck_path)
    for asked in (q.text, q.text[:12].upper(), q.id):
        md = tmp_path / "out" / f"r{len(asked)}.md"
        assert main(["report", "--question", asked, "--data-dir", data, "--out", str(md)]) == 0
        assert md.read_text(encoding="utf-8").startswith(f"# {q.text}")
    out = tmp_path / "out" / "none.md"
    assert main(["report", "--question", "zzz no such", "--data-dir", data, "--out", str(out)]) == 1
    assert "no takes of question zzz no such" in capsys.readouterr().err and not out.exists()


def test_list_sessions_in_a_named_folder_without_takes_does_not_ask_for_it(
    tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", "--list-sessions", "--data-dir", str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"no takes in {empty}" in err and "pass --data-dir" not in err
