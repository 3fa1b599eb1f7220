"""What the window says about the takes store: opened read-only, damaged rows, recovered takes.

Plain functions (no Qt) so the session stays short and the wording lives in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.faults import GONE, READ_ONLY, advice, classify

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take, TakesStore


def store_failure_message(exc: BaseException, data_dir: Path) -> str:
    kind = classify(exc)
    if kind == READ_ONLY and not data_dir.exists():  # SQLite's words for a deleted folder
        kind = GONE
    if kind != "other":
        return advice(kind, data_dir=data_dir)
    return f"Cannot open the takes in {data_dir}: {exc}. Choose another data folder in Settings."


def store_state_message(store: TakesStore) -> str:
    """A store that opened, but read-only or with rows it had to skip."""
    parts = []
    if store.read_only:
        parts.append(advice(READ_ONLY, data_dir=store.data_dir))
    if store.problems:
        from star_rehearsal.core.takes_rows import describe_problems

        parts.append(describe_problems(store.problems, store.data_dir))
    return " ".join(parts)


def cannot_save_message(store: TakesStore | None, data_dir: Path) -> str:
    if store is not None and store.read_only:
        return advice(READ_ONLY, data_dir=data_dir)
    return (
        f"The takes in {data_dir} could not be opened, so a take would not be saved. "
        "Choose another data folder in Settings."
    )


def recovered_message(recovered: list[Take]) -> str:
    n = len(recovered)
    unknown = sum(1 for t in recovered if not getattr(t, "question_id", ""))
    text = f"Recovered {n} take{'s' * (n != 1)} interrupted by a crash; the audio is kept"
    if unknown == n:
        return (
            f"{text}. Their question is unknown (the takes database was lost), so History "
            "lists them under every question as 'Recovered recording'."
        )
    if unknown:
        return (
            f"{text} and listed in History ({unknown} with an unknown question are listed "
            "under every question as 'Recovered recording')."
        )
    return f"{text} and listed in History."
