"""Ratings from measured scores, the FSRS cards in the real takes database, a fixed clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from practice_helpers import T0, add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice.queue import DUE, LATER, NEW, deck_rows, practise_next
from star_rehearsal.core.practice.rating import AGAIN, EASY, GOOD, HARD, rate_take
from star_rehearsal.core.practice.schedule import PracticeStore, cap_due
from star_rehearsal.core.takes import TakesStore

BAND = (60.0, 90.0)


@pytest.fixture
def deck(sample_deck_path):
    return load_deck(sample_deck_path)


@pytest.fixture
def stores(tmp_path):
    takes = TakesStore(tmp_path / "data")
    practice = PracticeStore.for_takes(takes)
    yield takes, practice
    practice.close()
    takes.close()


def first(deck):
    q = deck.questions[0]
    return q, q.stories[0]


def test_rating_follows_the_measured_take(deck):
    _, story = first(deck)
    n = len(story.key_points)
    assert rate_take(make_score(story), story.id, BAND).rating == GOOD
    assert rate_take(make_score(story, told="other/1"), story.id, BAND).rating == AGAIN
    assert rate_take(make_score(story, miss_results=True), story.id, BAND).rating == AGAIN
    assert rate_take(make_score(story, covered=n // 3), story.id, BAND).rating == AGAIN
    assert rate_take(make_score(story, covered=n - 2), story.id, BAND).rating == HARD  # 5/7
    assert rate_take(make_score(story, duration=115), story.id, BAND).rating == HARD  # 28 % over
    assert rate_take(make_score(story, duration=100), story.id, BAND).rating == GOOD  # 11 % over
    # Easy needs everything, in band, few fillers, twice in a row
    once = rate_take(make_score(story), story.id, BAND)
    assert once.excellent and once.rating == GOOD
    assert rate_take(make_score(story), story.id, BAND, previous_excellent=True).rating == EASY
    fillers = rate_take(make_score(story, fillers_pm=6), story.id, BAND, previous_excellent=True)
    assert fillers.rating == GOOD and not fillers.excellent


def test_only_the_first_take_of_a_day_is_a_review_and_cards_survive_a_restart(tmp_path, deck):
    q, story = first(deck)
    takes = TakesStore(tmp_path / "data")
    practice = PracticeStore.for_takes(takes)
    add_take(takes, q, story, T0, make_score(story))
    add_take(takes, q, story, T0 + timedelta(hours=2), make_score(story, covered=1))
    assert practice.sync(BAND) == 2
    assert practice.sync(BAND) == 0  # nothing new: nothing read twice
    card = practice.cards()[(q.id, story.id)]
    assert card.reviews == 1 and card.last_rating == GOOD
    reviews = sorted(practice.reviews().values(), key=lambda r: r["reviewed_at"])
    assert [(r["rating"], r["counted"]) for r in reviews] == [(GOOD, 1), (AGAIN, 0)]
    assert card.due > T0 + timedelta(days=1)
    practice.close()
    takes.close()

    takes = TakesStore(tmp_path / "data")  # a restart
    practice = PracticeStore.for_takes(takes)
    assert practice.cards()[(q.id, story.id)] == card
    add_take(takes, q, story, card.due + timedelta(hours=1), make_score(story))
    practice.sync(BAND)
    again = practice.cards()[(q.id, story.id)]
    assert again.reviews == 2 and again.due - again.last_review > card.due - card.last_review
    practice.close()
    takes.close()


def test_a_poor_take_comes_back_sooner_than_a_good_one(stores, deck):
    takes, practice = stores
    q = deck.questions[0]
    good, poor = q.stories[0], q.stories[1]
    add_take(takes, q, good, T0, make_score(good))
    add_take(takes, q, poor, T0, make_score(poor, covered=1))
    practice.sync(BAND)
    cards = practice.cards()
    assert cards[(q.id, poor.id)].last_rating == AGAIN
    assert cards[(q.id, poor.id)].due < cards[(q.id, good.id)].due


def test_twice_excellent_in_a_row_is_easy_and_goes_furthest(stores, deck):
    takes, practice = stores
    q = deck.questions[0]
    easy, good = q.stories
    for day in (0, 1):
        add_take(takes, q, easy, T0 + timedelta(days=day), make_score(easy))
    add_take(takes, q, good, T0, make_score(good))
    add_take(takes, q, good, T0 + timedelta(days=1), make_score(good, fillers_pm=6))
    practice.sync(BAND)
    cards = practice.cards()
    assert cards[(q.id, easy.id)].last_rating == EASY
    assert cards[(q.id, good.id)].last_rating == GOOD
    assert cards[(q.id, easy.id)].due > cards[(q.id, good.id)].due


def test_an_interview_date_brings_every_card_round_before_it(tmp_path, deck):
    q, story = first(deck)
    interview = date(2026, 3, 30)
    dues = {}
    for name, when in (("free", None), ("capped", interview)):
        takes = TakesStore(tmp_path / name)
        practice = PracticeStore.for_takes(takes)
        for day in range(4):  # four good takes five days apart: a long interval next
            add_take(takes, q, story, T0 + timedelta(days=day * 5), make_score(story))
        practice.sync(BAND, interview=when)
        dues[name] = practice.cards()[(q.id, story.id)]
        practice.close()
        takes.close()
    day_of = T0.replace(day=30, hour=0)
    assert dues["free"].due > day_of  # without the date it would come round after the interview
    assert dues["capped"].last_review < dues["capped"].due < day_of
    assert cap_due(
        day_of + timedelta(days=9), day_of - timedelta(days=1), interview
    ) > day_of - timedelta(days=1)


def test_queue_due_first_then_unseen_in_deck_order_then_later(stores, deck):
    takes, practice = stores
    rows = practise_next(deck_rows(deck, [], {}, T0))
    assert all(r.state == NEW for r in rows)
    assert [r.position for r in rows] == sorted(r.position for r in rows)
    assert {r.question_id for r in rows} == {q.id for q in deck.questions}

    q1, s1 = first(deck)
    q2 = deck.questions[2]
    s2 = q2.stories[0]
    add_take(takes, q1, s1, T0, make_score(s1, covered=1))  # Again: back tomorrow
    add_take(takes, q2, s2, T0, make_score(s2))  # Good: a few days
    practice.sync(BAND)
    now = T0 + timedelta(days=1, hours=1)
    rows = practise_next(deck_rows(deck, practice.summaries(), practice.cards(), now))
    assert (rows[0].story_id, rows[0].state) == (s1.id, DUE)
    assert rows[1].state == NEW
    assert (rows[-1].story_id, rows[-1].state) == (s2.id, LATER)


def test_dashboard_rows_show_best_last_trend_and_points_never_said(stores, deck):
    takes, practice = stores
    q, story = first(deck)
    points = [t for _, t in story.key_points]
    add_take(takes, q, story, T0, make_score(story, covered=2, overall=50))
    add_take(takes, q, story, T0 + timedelta(days=1), make_score(story, covered=3, overall=70))
    add_take(takes, q, story, T0 + timedelta(days=2), make_score(story, covered=1, overall=60))
    practice.sync(BAND)
    rows = deck_rows(deck, practice.summaries(), practice.cards(), T0 + timedelta(days=2))
    row = next(r for r in rows if r.story_id == story.id)
    assert (row.takes, row.best, row.last) == (3, 70, 60)
    assert row.trend == pytest.approx(0.0)
    assert row.never_said == tuple(points[3:])
    other = next(r for r in rows if r.story_id != story.id)
    assert other.takes == 0 and other.never_said == () and other.state == NEW
