"""Follow-up questions from templates, scored against the missed points only; mock picking;
reports and the `next` / `report` commands through the real store."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from practice_helpers import T0, add_take, make_score
from star_rehearsal.cli import main
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice import mock
from star_rehearsal.core.practice.followups import follow_up, follow_up_for, topic_of
from star_rehearsal.core.practice.queue import deck_rows
from star_rehearsal.core.practice.report import question_report, session_report
from star_rehearsal.core.practice.schedule import PracticeStore
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Transcript

BAND = (60.0, 90.0)


@pytest.fixture
def deck(sample_deck_path):
    return load_deck(sample_deck_path)


def outage(deck):
    q = next(q for q in deck.questions if "outage" in q.text)
    return q, q.stories[0]


@pytest.mark.parametrize(
    ("kind", "point", "question"),
    [
        ("action", "rolled back the config push within 12 minutes",
         "What did you do about the config push?"),
        ("result", "p95 latency fell from 800 ms to 300 ms",
         "How did you measure the change in p95 latency?"),
        ("result", "the guide was adopted by two other teams",
         "What came of the guide in the end?"),
        ("action", "gave her ownership of the alert-tuning project",
         "What did you do about ownership of the alert-tuning project?"),
    ],
)  # fmt: skip
def test_follow_up_templates_are_keyed_by_kind_and_words(kind, point, question):
    assert follow_up_for(kind, point, [(kind, point)]).question == question


def test_topic_keeps_acronyms_and_drops_the_pronoun_subject():
    assert topic_of("result", "CI time dropped from 40 minutes to 11 minutes") == "CI time"
    assert topic_of("result", "She became on-call lead for the team") == "on-call lead"


def test_a_missed_result_is_asked_first_and_the_answer_scored_on_missed_points_only(deck):
    _, story = outage(deck)
    score = make_score(story, covered=2)  # the first two actions said, the rest missed
    fu = follow_up(score)
    assert fu is not None and fu.kind == "result"
    assert fu.point == story.results[0]
    asked = fu.story(story)
    assert [t for _, t in asked.key_points] == [t for _, t in story.key_points[2:]]
    answer = Transcript(
        "After the rollback checkout recovered in nineteen minutes and we lost no orders at all.",
        duration_s=8.0,
    )
    scored = score_answer(asked, answer, deck=deck).to_json()
    covered = {p["text"] for p in scored["key_points"] if p["covered"]}
    assert story.results[0] in covered
    assert all(p["text"] not in [t for _, t in story.key_points[:2]] for p in scored["key_points"])
    assert scored["told_story"]["id"] == story.id  # the narrowed story is not "another story"
    # A one-sentence reply is read as a reply, not as a thin whole answer: the point model
    # holds a whole answer's size against it (fitted on answers of 7+ stretches).
    confidence = {p["text"]: p["confidence"] for p in scored["key_points"]}
    as_whole = score_answer(replace(asked, follow_up=False), answer, deck=deck).to_json()
    whole = {p["text"]: p["confidence"] for p in as_whole["key_points"]}
    assert asked.follow_up and confidence[story.results[0]] > whole[story.results[0]]
    assert follow_up(make_score(story)) is None  # nothing missed: no follow-up


def test_mock_picks_due_then_weakest_then_unseen_one_story_per_question(tmp_path, deck):
    takes = TakesStore(tmp_path)
    practice = PracticeStore.for_takes(takes)
    q_due, q_weak, q_strong = deck.questions[0], deck.questions[2], deck.questions[3]
    add_take(takes, q_due, q_due.stories[0], T0, make_score(q_due.stories[0], covered=1))
    for q, covered in ((q_weak, 4), (q_strong, None)):
        add_take(takes, q, q.stories[0], T0 + timedelta(days=1), make_score(q.stories[0], covered))
    practice.sync(BAND)
    rows = deck_rows(deck, practice.summaries(), practice.cards(), T0 + timedelta(days=1, hours=2))
    picked = mock.pick_questions(rows, 4)
    assert [r.question_id for r in picked[:3]] == [q_due.id, q_weak.id, q_strong.id]
    assert picked[3].takes == 0
    assert len({r.question_id for r in picked}) == 4
    shuffled = mock.pick_questions(rows, 3, "random", random.Random(7))
    assert len({r.question_id for r in shuffled}) == 3
    practice.close()
    takes.close()


def _mock_session(tmp_path, deck):
    q, story = outage(deck)
    takes = TakesStore(tmp_path / "data")
    practice = PracticeStore.for_takes(takes)
    rows = deck_rows(deck, [], {}, T0)
    plan = [r for r in rows if r.story_id == story.id]
    sid = mock.new_session(practice, plan, "due", 10.0, str(deck.path))
    answer = add_take(takes, q, story, T0, make_score(story, covered=2))
    fu = follow_up(takes.get(answer).score)
    mock.add_take(practice, sid, answer, 1, mock.ANSWER, q.text)
    fu_q = type(q)(f"{q.id}~follow-up", q.section, fu.question, (fu.story(story),))
    fu_score = make_score(fu.story(story), covered=1)
    fu_take = add_take(takes, fu_q, fu.story(story), T0 + timedelta(minutes=3), fu_score)
    mock.add_take(practice, sid, fu_take, 1, mock.FOLLOW_UP, fu.question, answer,
                  [{"kind": k, "text": t} for k, t in fu.points])  # fmt: skip
    mock.finish_session(practice, sid)
    return takes, practice, sid, fu


def test_session_report_lists_scores_missed_points_and_follow_ups(tmp_path, deck):
    takes, practice, sid, fu = _mock_session(tmp_path, deck)
    session = mock.load_session(practice, sid)
    assert session is not None and session.finished_at
    report = session_report(session, {m.take_id: takes.get(m.take_id) for m in session.takes})
    md = report.markdown
    assert "Tell me about a time you handled a production outage." in md
    assert f"Follow-up: *{fu.question}*" in md
    assert "Recovered 1 of" in md and "Missed:" in md
    assert report.chart and report.chart[0][0] == "Q1"
    q, _ = outage(deck)
    qr = question_report(q.text, takes.list_takes(q.id), {})
    assert "| 1 |" in qr.markdown and "## Never said in any take" in qr.markdown
    practice.close()
    takes.close()


def test_next_on_a_fresh_folder_lists_every_question_unseen_first(tmp_path, deck, capsys):
    data = tmp_path / "fresh"
    assert main(["next", "--deck", str(deck.path), "--data-dir", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["question_id"] for r in out["queue"]} == {q.id for q in deck.questions}
    assert all(r["state"] == "new" for r in out["queue"])
    assert not data.exists()  # reading the queue never creates a data folder


def test_next_puts_a_due_answer_first(tmp_path, deck, capsys):
    q, story = outage(deck)
    takes = TakesStore(tmp_path / "data")
    yesterday = datetime.now(UTC) - timedelta(days=2)
    add_take(takes, q, story, yesterday, make_score(story, covered=1))
    takes.close()
    assert main(["next", "--deck", str(deck.path), "--data-dir", str(tmp_path / "data"),
                 "--json"]) == 0  # fmt: skip
    queue = json.loads(capsys.readouterr().out)["queue"]
    assert (queue[0]["story_id"], queue[0]["state"], queue[0]["last_rating"]) == (
        story.id,
        "due",
        "again",
    )
    assert queue[1]["state"] == "new"
    assert main(["next", "--deck", str(deck.path), "--data-dir", str(tmp_path / "data")]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[1:3] == ["due", "now"]


def test_report_command_writes_markdown_with_its_chart_and_a_pdf(tmp_path, deck, capsys):
    takes, practice, sid, _ = _mock_session(tmp_path, deck)
    practice.close()
    takes.close()
    q, _ = outage(deck)
    data = str(tmp_path / "data")
    md = tmp_path / "out" / "outage.md"
    assert main(["report", "--question", q.id, "--data-dir", data, "--out", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# {q.text}") and "![Scores over takes](outage-scores.png)" in text
    assert (tmp_path / "out" / "outage-scores.png").stat().st_size > 1000
    pdf = tmp_path / "out" / "session.pdf"
    assert main(["report", "--session", sid, "--data-dir", data, "--out", str(pdf)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000
    assert main(["report", "--list-sessions", "--data-dir", data]) == 0
    assert sid in capsys.readouterr().out
    assert main(["report", "--session", "nope", "--data-dir", data, "--out", str(pdf)]) == 1
    assert "no mock session nope" in capsys.readouterr().err
