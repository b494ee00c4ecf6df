"""Claim subjects: the person or organisation named next to a figure, and what two subjects do to claim links."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.comparison.claim_groups import claim_bounds, exact_bounds
from nlp.comparison.claim_links import claim_links
from nlp.comparison.subjects import claim_subjects, different_subjects

STEELERS = "Arians spent his eight seasons with the Pittsburgh Steelers as a coach."
BENGALS = "Palmer was drafted by the Cincinnati Bengals, where he played eight seasons."


def entity(doc: str, sentence: str, text: str, label: str, key: str) -> dict:
    start = sentence.find(text)
    return {"doc_id": doc, "sentence": 0, "start": start, "end": start + len(text), "text": text, "label": label, "entity_key": key}


def row(doc: str, sentence: str, number: str, quantity: str, *, source: str | None = None) -> dict:
    """A claims row of sentence 0 of `doc` counting seasons."""
    start = sentence.find(number)
    return {"doc_id": doc, "claim_id": f"{doc}:c0", "sentence": 0, "sentence_text": sentence, "start": start, "end": start + len(number), "text": number,
            "value": 8.0, "low": 8.0, "high": 8.0, "qualifier": "=", "change": None, "unit": "season", "quantity": quantity, "time": None, "source": source}


def test_a_subject_is_the_person_or_organisation_nearest_the_number():
    sentence = "In Brazil, the Sony chief said the Cincinnati Bengals won eight games, Palmer said, far from anyone."
    entities = pd.DataFrame([entity("d", sentence, "Brazil", "GPE", "place:brazil"), entity("d", sentence, "Sony", "ORG", "org:sony"),
                             entity("d", sentence, "Cincinnati Bengals", "ORG", "org:cincinnati-bengals"), entity("d", sentence, "Palmer", "PERSON", "person:carson-palmer")])
    claims = pd.DataFrame([row("d", sentence, "eight", "games"), row("d", sentence, "eight", "games", source="Palmer"),
                           row("d", sentence.replace("Cincinnati Bengals", "team"), "eight", "games", source="Palmer")])
    claims.loc[2, "doc_id"] = "other"
    # The nearest name, a place left out; who states the figure is not whose it is; nothing within reach: no subject.
    assert claim_subjects(claims, entities) == ["org:cincinnati-bengals", "org:cincinnati-bengals", None]
    distant = "The Cincinnati Bengals, after a long and forgettable stretch of years, won eight games."
    far = pd.DataFrame([row("d", distant, "eight", "games")])
    assert claim_subjects(far, pd.DataFrame([entity("d", distant, "Cincinnati Bengals", "ORG", "org:cincinnati-bengals")])) == [None]


@pytest.mark.parametrize(("a", "b", "keys_b", "different"), [
    ("org:pittsburgh-steelers", "org:cincinnati-bengals", frozenset(), True),
    ("org:chicago-cubs", "org:go-cubs", frozenset(), False),  # a short and a long name
    ("person:jon-lester", "org:chicago-cubs", frozenset(), False),  # a player and his team may be one side
    ("org:pittsburgh-steelers", "org:cincinnati-bengals", frozenset({"org:pittsburgh-steelers"}), False),  # the other sentence names it
    ("org:pittsburgh-steelers", None, frozenset(), False),
    ("org:pittsburgh-steelers", float("nan"), frozenset(), False),
])
def test_two_subjects_are_two_names_of_one_kind_neither_sentence_shares(a, b, keys_b, different):
    assert different_subjects(a, b, frozenset(), keys_b) is different


@pytest.mark.parametrize(("subjects", "linked"), [((None, None), True), (("org:pittsburgh-steelers", "org:cincinnati-bengals"), False)])
def test_one_counted_noun_of_two_subjects_needs_the_sentence_bar_of_unlike_phrases(subjects, linked):
    # Sentences at 0.35: enough for one figure with close quantity phrases ("seasons", "seasons played"), not when
    # the two sentences name two teams as the figure's owners.
    rows = [row("a", STEELERS, "eight", "seasons") | {"subject": subjects[0]}, row("b", BENGALS, "eight", "seasons played") | {"subject": subjects[1]}]
    bounds = [(exact_bounds(r), claim_bounds(r)) for r in rows]
    links = claim_links(pd.DataFrame(rows), np.full((2, 2), 0.35), np.full((2, 2), 0.8), [frozenset(), frozenset()], bounds)
    assert bool(links[0, 1]) is linked
