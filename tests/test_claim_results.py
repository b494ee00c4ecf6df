"""Match results in claim groups: a score's sides travel as one result, compared per team where both sentences name the sides."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nlp.comparison.claim_groups import claim_groups
from tests.test_claim_groups import claim


def score(doc: int, sentence: str, result: str, *, position: int = 5, published: str = "2021-05-01T22:00:00") -> list[dict]:
    """The two claims analyze gives a result ("3-1") of `sentence`: one per side, quantity "score", no unit."""
    at = sentence.index(result)
    rows = []
    for side, found in enumerate(re.finditer(r"\d+", result)):
        row = claim(doc, sentence, found[0], "score", None, published=published, position=position)
        rows.append({**row, "claim_id": f"d{doc}:s{position}.{side}", "start": at + found.start(), "end": at + found.end()})
    return rows


ARSENAL = [{"doc_id": f"d{doc}", "sentence": 5, "entity_key": key, "label": "ORG", "text": key} for doc in range(3) for key in ("org:arsenal", "org:chelsea")]


@pytest.mark.parametrize(
    ("second", "status", "reason"),
    [
        ("Arsenal beat Chelsea 3-2 at the Emirates on Saturday.", "conflict", "different results of one match: 3-1 (outlet0.example) vs 3-2 (outlet1.example)"),
        ("Arsenal beat Chelsea 3-1 at the Emirates on Saturday.", "agree", "all 2 reports state the result 3-1"),
        ("Chelsea lost 1 - 3 to Arsenal at the Emirates on Saturday.", "agree", "all 2 reports state the result 3-1"),
    ],
)
def test_two_outlets_scores_of_one_match_group_as_one_result(embedder, second, status, reason):
    first = "Arsenal beat Chelsea 3-1 at the Emirates on Saturday."
    result = re.search(r"\d+ ?- ?\d+", second)[0]
    rows = score(0, first, "3-1") + score(1, second, result)
    groups = claim_groups(pd.DataFrame(rows), pd.DataFrame(ARSENAL), embedder)
    assert len(groups) == 1
    group = groups.iloc[0]
    assert (group["status"], group["reason"], group["unit"], group["n_docs"]) == (status, reason, "score", 2)
    assert sorted(group["claim_ids"]) == sorted(row["claim_id"] for row in rows)  # both sides of both results travel together
    assert (group["min"], group["max"]) == ((1, 2) if status == "conflict" else (3, 3))


def test_scores_never_form_a_range_nor_group_side_by_side(embedder):
    rows = score(0, "Arsenal beat Chelsea 3-1 at the Emirates on Saturday.", "3-1") + score(1, "Arsenal beat Chelsea 3-2 at the Emirates on Saturday.", "3-2")
    from nlp.comparison.score_groups import score_results

    results = score_results(pd.DataFrame(rows))
    assert results["sides"].tolist() == [(3.0, 1.0), (3.0, 2.0)]
    assert results["text"].tolist() == ["3-1", "3-2"]
    groups = claim_groups(pd.DataFrame(rows), pd.DataFrame(ARSENAL), embedder)
    assert groups["unit"].tolist() == ["score"]  # the shared 3 makes no group of its own


def test_a_score_of_one_moment_of_the_game_stays_out_of_the_result(embedder):
    # One article's two scores of one game are two moments of it ("led 2-1 at half-time"), never a discrepancy.
    rows = score(0, "Arsenal led Chelsea 2-1 at half-time.", "2-1") + score(0, "Arsenal beat Chelsea 3-1 at the Emirates on Saturday.", "3-1", position=6)
    rows += score(1, "Arsenal beat Chelsea 3-1 at the Emirates on Saturday.", "3-1")
    entities = pd.DataFrame(ARSENAL + [{**row, "sentence": 6} for row in ARSENAL])
    groups = claim_groups(pd.DataFrame(rows), entities, embedder)
    assert groups["status"].tolist() == ["agree"]
    assert sorted(groups["claim_ids"].iloc[0]) == ["d0:s6.0", "d0:s6.1", "d1:s5.0", "d1:s5.1"]


def test_a_record_of_wins_losses_and_ties_is_no_result():
    from nlp.comparison.score_groups import score_results

    sentence = "Arsenal went 7-8-1 against Chelsea this season."
    sides = score(0, sentence, "7-8")
    sides.append({**sides[-1], "claim_id": "d0:s5.2", "text": "1", "value": 1.0, "low": 1.0, "high": 1.0, "start": sides[-1]["end"] + 1, "end": sides[-1]["end"] + 2})
    assert score_results(pd.DataFrame(sides)).empty


def named_sides(doc: int, sentence: str, position: int = 5) -> list[dict]:
    """Entity rows, with offsets in their sentence, for the clubs a test sentence names."""
    return [
        {"doc_id": f"d{doc}", "sentence": position, "entity_key": f"org:{club.lower()}", "label": "ORG", "text": club, "canonical": club, "start": found.start(), "end": found.end()}
        for club in ("Arsenal", "Chelsea")
        for found in re.finditer(club, sentence)
    ]


@pytest.mark.parametrize(
    ("second", "status"),
    [
        ("Arsenal 2-1 Chelsea at the Emirates on Saturday, the hosts said.", "conflict"),
        ("Arsenal beat Chelsea 2-1 at the Emirates on Saturday, the hosts said.", "conflict"),
        ("Chelsea beat Arsenal 2-1 at the Emirates on Saturday, the hosts said.", "agree"),
        ("Arsenal lost 1-2 to Chelsea at the Emirates on Saturday, the hosts said.", "agree"),
        ("Arsenal lost 2-1 to Chelsea at the Emirates on Saturday, the hosts said.", "agree"),  # the winner's score first
        ("The final score was 2-1 at the Emirates on Saturday, the hosts said.", "agree"),  # no side named: largest first
    ],
)
def test_a_result_is_compared_per_side_where_both_sentences_name_the_sides(embedder, second, status):
    first = "Arsenal 1-2 Chelsea at the Emirates on Saturday, the hosts said."
    result = re.search(r"\d+-\d+", second)[0]
    rows = score(0, first, "1-2") + score(1, second, result)
    groups = claim_groups(pd.DataFrame(rows), pd.DataFrame(named_sides(0, first) + named_sides(1, second)), embedder)
    assert groups["status"].tolist() == [status]
    if status == "conflict":
        assert groups["reason"].iloc[0] == f"different results of one match: 1-2 to Chelsea (outlet0.example) vs {result} to Arsenal (outlet1.example)"


@pytest.mark.parametrize(
    ("sentence", "result", "teams"),
    [
        ("Arsenal 1-2 Chelsea", "1-2", (("Arsenal", False), ("Chelsea", True))),
        ("On Saturday Arsenal beat the Chelsea side, 2-1.", "2-1", ()),  # "side" stands between the name and the score
        ("Arsenal edged out Chelsea 2-1 on Saturday.", "2-1", (("Arsenal", True), ("Chelsea", False))),
        ("Arsenal beat Chelsea, 2-1, Arsenal's coach said.", "2-1", (("Arsenal", True), ("Chelsea", False))),  # no scoreline
        ("It ended with Arsenal beating Chelsea 2-1.", "2-1", (("Arsenal", True), ("Chelsea", False))),
        ("Chelsea lost 2-1 to Arsenal.", "2-1", (("Chelsea", False), ("Arsenal", True))),
        ("They took it with a 2-1 victory over Chelsea.", "2-1", (("Chelsea", False),)),
        ("Arsenal's 2-1 win over Chelsea was deserved.", "2-1", (("Arsenal", True), ("Chelsea", False))),
        ("Chelsea were beaten 2-1 by Arsenal.", "2-1", (("Chelsea", False), ("Arsenal", True))),  # passive
        ("Arsenal drew 2-2 with Chelsea.", "2-2", ()),  # a draw names no winner
        ("Arsenal led 2-1 at half-time, Chelsea's coach said.", "2-1", ()),  # "led" is no outcome
    ],
)
def test_result_teams_tell_the_winner_from_a_scoreline_or_an_outcome_word(sentence, result, teams):
    from nlp.comparison.score_sides import result_teams

    start = sentence.index(result)
    names = [(found.start(), found.end(), found[0]) for found in re.finditer(r"Arsenal|Chelsea", sentence)]
    sides = tuple(float(side) for side in result.split("-"))
    assert result_teams(sentence, (start, start + len(result)), sides, names) == teams


def test_results_of_one_score_are_one_unless_every_side_both_name_is_reversed():
    from nlp.comparison.score_sides import same_result

    won, lost = {"sides": (2.0, 1.0), "teams": (("Arsenal", True),)}, {"sides": (2.0, 1.0), "teams": (("the Arsenal side", False),)}
    assert not same_result(won, lost)
    assert same_result(won, {"sides": (2.0, 1.0), "teams": (("Chelsea", True),)})  # no side named by both: cannot tell
    assert same_result(won, {"sides": (2.0, 1.0), "teams": ()})
    assert not same_result(won, {"sides": (3.0, 1.0), "teams": (("Arsenal", True),)})


@pytest.mark.parametrize(
    ("second_keys", "second_teams", "second_sides", "joined"),
    [
        ({"org:cubs"}, (), (8.0, 7.0), True),  # a team in common
        ({"org:dodgers"}, (), (8.0, 7.0), False),  # both name teams, none in common: two games of one score
        (set(), (), (8.0, 7.0), True),  # one cluster names no team: nothing tells two games apart
        ({"org:cubs"}, (("Indians", True),), (8.0, 7.0), False),  # the winner reversed is another result
        ({"org:cubs"}, (), (8.0, 6.0), False),
    ],
)
def test_clusters_of_one_result_join_when_they_name_a_team_in_common(second_keys, second_teams, second_sides, joined):
    from nlp.comparison.score_groups import join_one_result

    # Complete linkage left two clusters of two articles each: "beat the Indians 8-7" and "secure an 8-7 victory".
    first = [{"sides": (8.0, 7.0), "teams": (("Indians", False),)}, {"sides": (8.0, 7.0), "teams": ()}]
    second = [{"sides": second_sides, "teams": second_teams}] * 2
    keys = [frozenset({"org:cubs", "org:indians"}), frozenset({"org:cubs"})] + [frozenset(second_keys)] * 2
    labels = join_one_result(pd.DataFrame(first + second), np.array([0, 0, 2, 2]), keys)
    assert (len(set(labels)) == 1) is joined
