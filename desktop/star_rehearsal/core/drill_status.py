"""A 30-second version (drill) is a different exercise from a full answer: its row's status says
so, History marks it "30 s drill", and the dashboard's last/best/trend read only full takes, so
a short drill never shows as "▼ 33" against the full take before it (issue 30, rough edge 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.takes import TakesStore

DRILL = "drill"  # the take's status once scored as a 30-second version


def mark_drill(store: TakesStore, take_id: str) -> None:
    """Set before the score is saved: the score's write bumps `rev`, so readers that fetch only
    changed takes see the mark with the score."""
    store.write_many([("UPDATE takes SET status = ? WHERE id = ?", (DRILL, take_id))])
