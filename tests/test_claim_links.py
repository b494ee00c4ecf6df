"""Claim linking: which two claims state one quantity (phrases, units, limits, times of day) and which clusters join."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.comparison.claim_groups import claim_bounds, clock_times, exact_bounds
from tests.test_claim_groups import claim, groups_of


def test_a_figure_naming_no_quantity_needs_close_sentences(embedder):
    # With no quantity phrase both claims are compared by their unit, which always matches: that is no evidence,
    # so "two years" in two loosely related sentences (cosine about 0.36) are two durations.
    rows = [
        {**claim(doc, sentence, "2", None, "year"), "text": "two years"}
        for doc, sentence in enumerate(("The rebels have held the town for two years, officials said.", "The ceasefire talks collapsed two years ago, officials said."))
    ]
    assert groups_of(embedder, *rows).empty


def test_a_cluster_of_one_figure_joins_the_cluster_whose_figure_it_is():
    from nlp.comparison.claim_links import join_fragments

    # Claims 0-2 state 60, 84, 84 (a toll that rose); 3-4 state 84 and link to both 84s but not to 60.
    figures = [60, 84, 84, 84, 84]
    bounds = [((figure - 0.5, figure + 0.5), (figure - 0.5, figure + 0.5)) for figure in figures]
    links = np.zeros((5, 5), dtype=bool)
    for x, y in [(0, 1), (0, 2), (1, 2), (3, 4), (1, 3), (1, 4), (2, 3), (2, 4)]:
        links[x, y] = links[y, x] = True
    assert join_fragments(np.array([0, 0, 0, 3, 3]), links, bounds).tolist() == [0, 0, 0, 0, 0]
    # A lone claim joins on two links to members stating its figure ("$5,920" to three "below $6,000" of a cluster
    # that also holds "$5,995.58"); on one link it stays apart, that pair being all complete linkage had to weigh.
    assert join_fragments(np.array([0, 0, 0, 3, 4]), links, bounds).tolist() == [0, 0, 0, 0, 0]
    links[2, 4] = links[4, 2] = False
    assert join_fragments(np.array([0, 0, 0, 3, 4]), links, bounds).tolist() == [0, 0, 0, 0, 4]
    links[2, 4] = links[4, 2] = True
    # A figure only one stray member of the larger cluster states stays apart.
    figures[2] = 60
    bounds = [((figure - 0.5, figure + 0.5), (figure - 0.5, figure + 0.5)) for figure in figures]
    assert join_fragments(np.array([0, 0, 0, 3, 3]), links, bounds).tolist() == [0, 0, 0, 3, 3]


@pytest.mark.parametrize("quantities, linked", [((None, None), False), (("bitcoin price", "fall of the coin"), True)])
def test_one_figure_naming_no_quantity_on_either_side_needs_closer_sentences(quantities, linked):
    from nlp.comparison.claim_links import claim_links

    # "$1,000" and "$1,000": a round figure that two claims naming no quantity share says little by itself.
    rows = [claim(doc, "The coin fell by $1,000 overnight.", "1,000", quantity, unit="US Dollar") for doc, quantity in enumerate(quantities)]
    block = pd.DataFrame(rows)
    similarity, quantity_similarity = np.full((2, 2), 0.47), np.full((2, 2), 0.2)
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in rows]
    links = claim_links(block, similarity, quantity_similarity, [frozenset(), frozenset()], bounds)
    assert bool(links[0, 1]) is linked


@pytest.mark.parametrize("docs, merged", [((0, 1, 0, 1), False), ((0, 1, 2, 3), True)])
def test_two_figures_that_two_articles_each_state_stay_two_quantities(docs, merged):
    from nlp.comparison.claim_links import merge_figures

    # Two articles each stating 276 and 197 of the girls report two counts (abducted, still held), not an update.
    sentences = ["The 276 girls were abducted from their school.", "Some 197 girls are still held by the group."]
    rows = [claim(doc, sentences[index // 2], ("276", "197")[index // 2], "girls", position=index // 2) for index, doc in enumerate(docs)]
    labels = merge_figures(np.array([0, 0, 2, 2]), pd.DataFrame(rows), np.full((4, 4), 0.6), np.full((4, 4), 0.9))
    assert (len(set(labels)) == 1) is merged


def test_an_agreeing_range_is_named_by_a_figure_someone_stated():
    from nlp.comparison.claim_groups import group_status

    ranged = {**claim(0, "It drove at 20-25 mph.", "20-25", "truck speed", unit="mile per hour"), "low": 20.0, "high": 25.0, "value": 22.5}
    about = claim(1, "It drove at about 25 mph.", "25", "truck speed", unit="mile per hour", qualifier="~")
    assert group_status(pd.DataFrame([ranged, about])) == ("agree", "all 2 claims state 25 within rounding")
    assert group_status(pd.DataFrame([ranged, {**ranged, "doc_id": "d1"}]))[1] == "all 2 claims state 20-25 within rounding"


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [("Last week,", "last week", True), ("“last week”", "last week", True), ("last week", "last month", False), ("on 14 July", "July 14", True), (None, "in 2016", True),
     ("on Saturday", "from Saturday", True), ("on Saturday", "on Sunday", False)],
)
def test_times_are_one_when_equal_after_normalising_or_sharing_a_date_word(first, second, compatible):
    from nlp.comparison.claim_links import times_compatible

    assert times_compatible(first, second) is compatible


def test_articles_repeating_one_figure_in_two_clusters_do_not_keep_them_apart():
    from nlp.comparison.claim_links import merge_figures

    # Each article gives one toll twice (84 twice, 70 twice), split by complete linkage: no article states two figures.
    sentences = {84: "At least 84 people were killed in the attack.", 70: "More than 70 people died in the attack."}
    rows = [claim(doc, sentences[figure], str(figure), "people killed", position=index) for index, (doc, figure) in enumerate([(0, 84), (1, 70), (0, 84), (1, 70)])]
    labels = merge_figures(np.array([0, 0, 2, 2]), pd.DataFrame(rows), np.full((4, 4), 0.6), np.full((4, 4), 0.9))
    assert len(set(labels)) == 1


def test_clusters_of_one_same_figure_are_never_merged_as_different_figures():
    from nlp.comparison.claim_links import merge_figures

    # "two different men" and "two factions": complete linkage kept them apart, and one figure is no update to join.
    rows = [claim(doc, sentence, "2", quantity) for doc, (sentence, quantity) in enumerate([("2 different men claim to lead the group.", "different men"), ("The group split into 2 factions.", "factions")])]
    assert merge_figures(np.array([0, 1]), pd.DataFrame(rows), np.full((2, 2), 0.9), np.full((2, 2), 0.9)).tolist() == [0, 1]


def test_figures_whose_rounding_only_touches_link_unless_one_counts_a_part(embedder):
    # 22 (21.5 to 22.5) and 23 (22.5 to 23.5) may be one rounded figure, but "23 of the defendants" is a part.
    rows = [
        claim(0, "The court also ordered 23 of the defendants to pay a fine to the judges' union.", "23", "defendants ordered", "defendant"),
        claim(1, "The court also ordered 22 other defendants to pay a fine to the judges' union.", "22", "other defendants ordered", "defendant"),
    ]
    assert groups_of(embedder, *rows).empty
    rows[0] = claim(0, "The court also ordered 23 defendants to pay a fine to the judges' union.", "23", "defendants ordered", "defendant")
    assert groups_of(embedder, *rows)["n_docs"].tolist() == [2]


def test_more_than_a_figure_never_agrees_with_a_smaller_one():
    from nlp.comparison.claim_changes import with_published_at
    from nlp.comparison.claim_groups import group_status

    more = claim(0, "More than 200 girls were taken from the school.", "200", "girls", "girl", qualifier=">")
    some = claim(1, "Some 197 girls were taken from the school.", "197", "girls", "girl")
    assert group_status(with_published_at(pd.DataFrame([more, some])))[0] != "agree"
    assert group_status(pd.DataFrame([more, claim(1, "Some 204 girls were taken from the school.", "204", "girls", "girl")]))[0] == "agree"


@pytest.mark.parametrize(("unit", "merged"), [("US Dollar", True), (None, False)])
def test_a_figure_naming_only_its_unit_joins_on_close_sentences_alone(unit, merged):
    from nlp.comparison.claim_links import merge_figures

    # "its $47 billion bid" names no quantity to match "the deal's value"; sentences at 0.75 on average are the evidence.
    # A bare count ("47 million") names not even a unit, so it still needs a matching quantity phrase.
    rows = [claim(0, "The firm's $47 billion bid for the rival went ahead.", "47", None, unit=unit),
            claim(1, "The firm made a $38 billion bid for the rival.", "38", "the firm", unit=unit)]
    labels = merge_figures(np.array([0, 1]), pd.DataFrame(rows), np.full((2, 2), 0.75), np.full((2, 2), 0.2))
    assert (len(set(labels)) == 1) is merged


@pytest.mark.parametrize(("second", "linked"), [("148.9", True), ("170", False)])
def test_a_near_figure_naming_only_its_unit_links_on_moderately_close_sentences(second, linked):
    from nlp.comparison.claim_links import claim_links

    # Sentences at 0.6: enough for "$146 billion" and "$148.9 billion" (within 5%), not for "$146 billion" and "$170 billion".
    rows = [claim(0, "The deal's value would be some $146 billion with debt.", "146", "the deal's value", unit="US Dollar"),
            claim(1, f"The deal amounts to ${second} billion including debt.", second, None, unit="US Dollar")]
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in rows]
    links = claim_links(pd.DataFrame(rows), np.full((2, 2), 0.6), np.full((2, 2), 0.5), [frozenset(), frozenset()], bounds)
    assert bool(links[0, 1]) is linked


@pytest.mark.parametrize(("quantity", "linked"), [("people", True), ("people killed", False)])
def test_a_bare_counted_noun_names_no_predicate_against_another_phrase(quantity, linked):
    from nlp.comparison.claim_links import claim_links

    # Close sentences (0.6), quantity phrases at 0.5: "people" says nothing against "people thought", "people killed" does.
    rows = [claim(0, "Forty-two people were in critical condition, a local newspaper said.", "42", quantity),
            claim(1, "A further 18 people are thought to be in a critical condition.", "18", "people thought")]
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in rows]
    links = claim_links(pd.DataFrame(rows), np.full((2, 2), 0.6), np.full((2, 2), 0.5), [frozenset(), frozenset()], bounds)
    assert bool(links[0, 1]) is linked


def test_a_time_of_day_never_joins_a_count(embedder):
    # "at 11:57am" and "the 19th launch": the launch's time and a count of launches, in alike sentences of one story.
    clock = [{**claim(doc, "Seoul said the launch of a ballistic missile by North Korea came at 11:57am.", "11:57am", "the launch",
                      "time of day", position=0), "value": 11.95, "low": 11.95, "high": 11.95} for doc in (0, 1)]
    count = [{**claim(doc, "Seoul said it was the 19th launch of a ballistic missile by North Korea.", "19th", "launch", "launch",
                      position=1)} for doc in (2, 3)]
    groups = groups_of(embedder, *clock, *count)
    assert sorted(groups["unit"].tolist()) == ["launch", "time of day"]
    assert (groups["status"] == "agree").all()


@pytest.mark.parametrize(("second", "hours", "grouped"), [("10:45 p.m.", 22.75, True), ("6:15 a.m.", 6.25, False)])
def test_close_times_of_day_of_one_event_differ_whatever_noun_stands_near(embedder, second, hours, grouped):
    # The noun next to a time of day is no quantity ("a large white truck"); close times of one act are one time,
    # though the two sentences (cosine about 0.45) tell the act in other words.
    rows = [
        {**claim(0, "A waiter said that around 10:30 p.m., a large white truck drove into the crowd near the beach.", "1030", "a large white truck",
                 "time of day"), "text": "around 10:30 p.m.", "value": 22.5, "low": 22.5, "high": 22.5, "qualifier": "~"},
        {**claim(1, f"A local man drove into a crowd during the celebrations around {second} on Thursday, killing dozens.", "1045",
                 "A man", "time of day"), "text": f"around {second}", "value": hours, "low": hours, "high": hours, "qualifier": "~"},
    ]
    groups = groups_of(embedder, *rows)
    assert groups["status"].tolist() == (["differ"] if grouped else [])


@pytest.mark.parametrize(
    ("sentence", "time", "clock"),
    [("Shares fell to $65.09 at 9:34 a.m. in New York.", "9:34 a.m.", "9:34 a.m."), ("Shares fell to $65.09 by midday.", "midday", "midday"),
     ("Shares fell to $65.09 within two hours.", "two hours", None), ("This morning shares fell to $65.09.", "This morning", None)],
)
def test_a_clock_time_is_the_time_of_day_said_right_after_the_figure(sentence, time, clock):
    claims = pd.DataFrame([claim(0, sentence, "$65.09", "shares", "USD")])
    times = pd.DataFrame([{"doc_id": "d0", "sentence": 0, "entity_key": "date:x", "label": "TIME", "text": time}])
    assert clock_times(claims, times) == [clock]


@pytest.mark.parametrize(("qualifiers", "linked"), [(("<=", "<="), True), ((">", ">"), True), (("<=", "="), False), (("=", "="), False)])
def test_two_limits_bounding_one_side_alike_need_only_the_named_bar(qualifiers, linked):
    from nlp.comparison.claim_links import claim_links

    # "up to 10 years" and "up to 14 years" name no quantity, but a limit bounding one side alike is a stated maximum
    # (or minimum) of one thing: their sentences need the bar of named figures, not the unnamed one.
    rows = [
        {**claim(doc, f"She faces up to {years} years in prison if convicted.", str(years), None, "year", qualifier=qualifier), "text": f"up to {years} years"}
        for doc, (years, qualifier) in enumerate(zip((10, 14), qualifiers))
    ]
    similarity, quantity_similarity = np.full((2, 2), 0.6), np.full((2, 2), 1.0)
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in rows]
    assert bool(claim_links(pd.DataFrame(rows), similarity, quantity_similarity, [frozenset(), frozenset()], bounds)[0, 1]) is linked


@pytest.mark.parametrize(("quantities", "linked"), [((None, "time in prison"), True), (("jail term", "time in prison"), False)])
def test_a_limit_naming_only_its_unit_has_no_phrase_to_set_against_the_others(quantities, linked):
    from nlp.comparison.claim_links import claim_links

    # "could be jailed for up to 10 years" names no quantity, "up to 14 years in prison" names one: the first has no
    # phrase to compare, so the limits link on their sentences; two phrases that are not close still keep them apart.
    rows = [
        {**claim(doc, f"She could be jailed for up to {years} years.", str(years), quantity, "year", qualifier="<="), "text": f"up to {years} years"}
        for doc, (years, quantity) in enumerate(zip((10, 14), quantities))
    ]
    similarity, quantity_similarity = np.full((2, 2), 0.6), np.full((2, 2), 0.3)
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in rows]
    assert bool(claim_links(pd.DataFrame(rows), similarity, quantity_similarity, [frozenset(), frozenset()], bounds)[0, 1]) is linked
