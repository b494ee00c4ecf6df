"""Changes: opposite moves (one thing's change reported up by one outlet and down by another, on claims these tests
write), and how a sentence of our own says a change's direction."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.comparison.claim_groups import claim_groups
from nlp.comparison.embed import Embedder
from tests.test_claim_groups import claim
from tests.test_claims import claims


def move(doc: int, sentence: str, number: str, change: str, subject: str, *, published: str, time: str | None = None) -> tuple[dict, dict]:
    """A claim of a change ("fell 3 percent") and the entity its sentence opens with (`subject`, an entity key)."""
    row = claim(doc, sentence, number, None, "percent", published=published)
    row.update(change=change, start=sentence.index(number), time=time)
    entity = {"doc_id": row["doc_id"], "sentence": row["sentence"], "start": 0, "end": len(sentence.split()[0]), "entity_key": subject, "label": "ORG", "text": sentence.split()[0]}
    return row, entity


def groups_of(embedder: Embedder, *moves: tuple[dict, dict]) -> pd.DataFrame:
    return claim_groups(pd.DataFrame([row for row, _ in moves]), pd.DataFrame([entity for _, entity in moves]), embedder)


def test_opposite_moves_of_one_subject_on_one_day_conflict(embedder):
    groups = groups_of(
        embedder,
        # One outlet's entity key may be a longer form of the other's name.
        move(0, "Broadcom shares fell 3 percent in afternoon trading.", "3 percent", "down", "org:broadcom", published="2018-02-05T14:00:00"),
        move(1, "Broadcom Ltd shares edged up 0.2 percent in afternoon trading.", "0.2 percent", "up", "org:broadcom-ltd", published="2018-02-05T16:00:00"),
    )
    assert groups["status"].tolist() == ["conflict"]
    assert groups["reason"].iloc[0] == "moves in opposite directions: down 3 percent (outlet0.example) vs up 0.2 percent (outlet1.example)"
    assert (groups["min"].iloc[0], groups["max"].iloc[0]) == (-3, 0.2)


def test_opposite_moves_reported_half_a_day_apart_are_an_update(embedder):
    groups = groups_of(
        embedder,
        move(0, "Broadcom shares fell 3 percent in afternoon trading.", "3 percent", "down", "org:broadcom", published="2018-02-05T14:00:00"),
        move(1, "Broadcom shares edged up 0.2 percent in afternoon trading.", "0.2 percent", "up", "org:broadcom", published="2018-02-06T03:00:00"),
    )
    assert groups["status"].tolist() == ["differ"]
    assert groups["reason"].iloc[0].startswith("an update, moves in opposite directions")


@pytest.mark.parametrize(
    ("subject", "published", "time"),
    [
        ("org:qualcomm", "2018-02-05T16:00:00", None),  # another company's shares
        ("org:broadcom", "2018-02-07T16:00:00", None),  # two days later: another day's move
        ("org:broadcom", "2018-02-05T16:00:00", "on the year"),  # a move over a stated, other period
    ],
)
def test_moves_of_other_subjects_days_or_periods_stay_apart(embedder, subject, published, time):
    groups = groups_of(
        embedder,
        move(0, "Broadcom shares fell 3 percent in afternoon trading.", "3 percent", "down", "org:broadcom", published="2018-02-05T14:00:00", time="on the day"),
        move(1, f"{subject.split(':')[1].title()} shares edged up 0.2 percent in afternoon trading.", "0.2 percent", "up", subject, published=published, time=time),
    )
    assert groups.empty


def test_a_percentage_that_restates_a_change_after_or_takes_its_direction(pipeline):
    found = claims(pipeline, "The index fell 31.5 points, or 0.4 percent, to 8,120.")
    assert (found["31.5 points"].change, found["0.4 percent"].change) == ("down", "down")
    found = claims(pipeline, "Acme shares were up 12 pence, or 2.1%, at 580 pence.")
    assert (found["12 pence"].change, found["2.1%"].change, found["580 pence"].change) == ("up", "up", None)
    assert claims(pipeline, "The plant made 40,000 cars, or 15% of the total.")["15%"].change is None  # no change to restate


def test_up_or_down_after_an_amount_set_against_an_earlier_time_is_a_change(pipeline):
    assert claims(pipeline, "Takings were 4% up on the same week last year.")["4%"].change == "up"
    assert claims(pipeline, "Orders came in 2.6 percent down from March.")["2.6 percent"].change == "down"
    assert claims(pipeline, "Sales reached 7% of the market.")["7%"].change is None


def test_a_percentage_or_points_after_the_of_of_a_change_noun_is_its_size(pipeline):
    assert claims(pipeline, "Bookings showed an increase of 7% on the year before.")["7%"].change == "up"
    assert claims(pipeline, "The index suffered a drop of 45 points.")["45 points"].change == "down"
    assert claims(pipeline, "The bank reported a loss of 41 cents a share.")["41 cents a share"].change is None  # money: a level
    assert claims(pipeline, "The average of 3.5% held.")["3.5%"].change is None


def test_a_comparative_and_than_a_date_after_an_amount_make_it_a_change(pipeline):
    assert claims(pipeline, "Rents were 11% higher than a year ago.")["11%"].change == "up"
    assert claims(pipeline, "Imports came in 6.5 percent lower than in the same month of 2003.")["6.5 percent"].change == "down"
    assert claims(pipeline, "Costs were 4% higher than forecast.")["4%"].change is None  # no earlier time: a level
    assert claims(pipeline, "The shares ended 2% lower.")["2%"].change is None
