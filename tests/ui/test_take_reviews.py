"""The session's plain helpers for reviews and stored takes, without a window."""

from __future__ import annotations

from types import SimpleNamespace

from star_rehearsal.services.review import previous_overall, question_stats, takes_for
from star_rehearsal.services.take_errors import explain


def test_previous_overall_is_the_last_scored_take_before_this_one() -> None:
    takes = [SimpleNamespace(id=i, overall=o) for i, o in (("a", 40), ("b", None), ("c", 70))]
    assert previous_overall(takes, "c") == 40  # "b" has no score yet
    assert previous_overall(takes, "a") is None  # the first take
    assert previous_overall(takes, "new") == 70  # a take not listed yet: the newest before it


def test_a_damaged_store_reads_as_empty_instead_of_raising() -> None:
    class Broken:
        def list_takes(self, question_id: str | None = None) -> list:
            raise OSError("database disk image is malformed")

        def question_stats(self) -> dict:
            raise OSError("database disk image is malformed")

    assert takes_for(Broken(), "q") == [] and question_stats(Broken()) == {}  # type: ignore[arg-type]
    assert takes_for(None, "q") == [] and question_stats(None) == {}


def test_a_microphone_failure_names_the_device_and_the_fix(tmp_path) -> None:
    message = explain(RuntimeError("No input device called 'USB mic'"), tmp_path, "USB mic",
                      audio=True)  # fmt: skip
    assert message.startswith("The microphone 'USB mic' could not be opened because it is not")
    assert "Settings" in message
