"""Issue 30 rough edge 9: "Check this figure" (said 20 %, the story says 50–60 %) did not fire
when tiny.en dropped "percent"."""

from __future__ import annotations

from star_rehearsal.core.coaching.recital import figure_checks

RESULT = "Churn fell by 50–60% within a quarter"


def test_a_percentage_heard_without_percent_is_still_checked() -> None:
    (check,) = figure_checks([RESULT], ["So churn fell by 20 within a quarter."])
    assert check["said"] == "20" and check["expected"] == ["50–60%"]


def test_the_right_figure_or_an_unrelated_number_is_left_alone() -> None:
    assert figure_checks([RESULT], ["So churn fell by 55 within a quarter."]) == []
    assert figure_checks([RESULT], ["Churn fell within a quarter, one team at a time."]) == []
    assert figure_checks([RESULT], ["Churn fell by 55 percent within a quarter."]) == []
    assert figure_checks([RESULT], ["Support tickets dropped to 20 a day."]) == []  # not churn
