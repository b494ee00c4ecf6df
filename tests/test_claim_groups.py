"""Claim groups: each status, the reasons, the noise filters and the linking, on claims these tests write."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nlp.comparison.group_filters import is_noise, is_vague
from nlp.comparison.claim_groups import claim_bounds, claim_groups, clock_times, exact_bounds, half_unit
from nlp.comparison.claim_links import same_figure
from nlp.comparison.embed import Embedder

ENTITIES = pd.DataFrame(columns=["doc_id", "sentence", "entity_key", "label", "text"])


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(threads=1)


def claim(doc: int, sentence: str, number: str, quantity: str | None, unit: str = "people", *, qualifier: str = "=", published: str = "2021-05-01T10:00:00",
          story: int = 1, source: str | None = None, context: str | None = "body", position: int = 0) -> dict:
    """A claims row as analyze writes it, joined with its document's outlet, group, date and story."""
    value = float(re.sub(r"[^\d.]", "", number))
    return {
        "doc_id": f"d{doc}", "claim_id": f"d{doc}:c{position}", "start": max(sentence.find(number), 0), "end": max(sentence.find(number), 0) + len(number), "text": number, "value": value, "low": value, "high": value, "qualifier": qualifier,
        "change": None, "factor": None, "unit": unit, "unit_normalized": None, "quantity": quantity, "time": None, "source": source, "context": context,
        "sentence": position, "sentence_text": sentence, "outlet": f"outlet{doc}.example", "group": f"outlet{doc}.example", "published": published, "story_id": story,
    }


def groups_of(embedder: Embedder, *rows: dict) -> pd.DataFrame:
    return claim_groups(pd.DataFrame(list(rows)), ENTITIES, embedder)


def test_the_same_figure_agrees_across_wordings(embedder):
    groups = groups_of(
        embedder,
        claim(0, "At least seven people were killed when the tram overturned.", "7", "people killed", qualifier=">="),
        claim(1, "Seven people died after the tram derailed on a sharp bend.", "7", "people died"),
        claim(2, "The crash killed 7 people, police said.", "7", "people killed"),
    )
    assert len(groups) == 1
    group = groups.iloc[0]
    assert (group["status"], group["n_docs"], group["min"], group["max"]) == ("agree", 3, 7, 7)
    assert "state 7" in group["reason"]


def test_open_ended_figures_that_fit_differ(embedder):
    groups = groups_of(
        embedder,
        claim(0, "At least 60 people were killed when a truck drove into the crowd.", "60", "people killed", qualifier=">="),
        claim(1, "At least 84 people were killed when a truck drove into the crowd.", "84", "people killed", qualifier=">="),
    )
    assert groups["status"].tolist() == ["differ"]
    assert groups["reason"].iloc[0].startswith("compatible but different figures")


def test_a_figure_that_rose_between_editions_is_an_update(embedder):
    groups = groups_of(
        embedder,
        claim(0, "The attack killed 77 people, the president said.", "77", "people killed", published="2016-07-14T21:00:00"),
        claim(1, "The attack killed 84 people, the president said.", "84", "people killed", published="2016-07-15T19:00:00"),
    )
    assert groups["status"].tolist() == ["differ"]
    assert "update over 22 hours" in groups["reason"].iloc[0]


def test_incompatible_figures_at_the_same_time_conflict(embedder):
    groups = groups_of(
        embedder,
        claim(0, "There are eight fire engines and four fire rescue units at the scene.", "4", "fire rescue units", "fire rescue unit", published="2016-11-09T08:00:00", position=1),
        claim(1, "Eight fire engines and five fire rescue units were sent to the scene.", "5", "fire rescue units", "fire rescue unit", published="2016-11-09T09:30:00", position=1),
    )
    assert groups["status"].tolist() == ["conflict"]
    assert groups["reason"].iloc[0] == "incompatible figures: 4 (outlet0.example) vs 5 (outlet1.example)"


def test_different_sources_conflict_even_a_day_apart(embedder):
    groups = groups_of(
        embedder,
        claim(0, "Police said 60,000 people joined the protest in Berlin.", "60,000", "people joined", source="Police", published="2021-05-01T10:00:00"),
        claim(1, "Organisers said 97,000 people joined the protest in Berlin.", "97,000", "people joined", source="Organisers", published="2021-05-02T09:00:00"),
    )
    assert groups["status"].tolist() == ["conflict"]
    assert groups["reason"].iloc[0].endswith("from different sources")


def test_conflicts_come_first_then_differences(embedder):
    groups = groups_of(
        embedder,
        claim(0, "Seven people were killed in the crash.", "7", "people killed"),
        claim(1, "Seven people were killed in the crash.", "7", "people killed"),
        claim(0, "There are four fire rescue units at the scene.", "4", "fire rescue units", "fire rescue unit", position=1),
        claim(1, "There are five fire rescue units at the scene.", "5", "fire rescue units", "fire rescue unit", position=1),
        claim(0, "At least 40 people were injured in the crash.", "40", "people injured", qualifier=">=", position=2),
        claim(1, "More than 50 people were injured in the crash.", "50", "people injured", qualifier=">", position=2),
    )
    assert groups["status"].tolist() == ["conflict", "differ", "agree"]
    assert groups["claim_group"].tolist() == [1, 2, 3]


def test_different_quantities_of_one_unit_stay_apart(embedder):
    groups = groups_of(
        embedder,
        claim(0, "Seven people were killed and more than 50 taken to hospital.", "7", "people killed"),
        claim(1, "Doctors said 51 people were taken to hospital after the crash.", "51", "people taken to hospital"),
    )
    assert groups.empty


def test_claims_of_two_stories_never_group(embedder):
    groups = groups_of(
        embedder,
        claim(0, "Seven people were killed in the crash.", "7", "people killed", story=1),
        claim(1, "Seven people were killed in the crash.", "7", "people killed", story=2),
    )
    assert groups.empty


@pytest.mark.parametrize(
    ("sentence", "number", "context"),
    [
        ("Hide Caption 3 of 25 Photos: 31 people were injured in the attack.", "31", "body"),  # a photo gallery
        ("Ben Morgan 7/8 40 people were injured and five trapped inside the tram", "40", "body"),  # a gallery counter
        ("40 people were injured, officials said.", "40", "caption"),  # analyze's context column says caption
        ("Dozens of people were injured, officials said.", "Dozens", "body"),  # a vague amount states no figure
        ("The new PS4 update adds supersampling for owners.", "PS4", "body"),  # a product's name, not a figure
        ("A Long March 4C rocket will carry the relay satellite.", "4C", "body"),
        ("Owners of 1080p sets get a supersampling mode.", "1080p", "body"),  # a video format
    ],
)
def test_noise_never_forms_groups(embedder, sentence, number, context):
    rows = [claim(doc, sentence, number if number[0].isdigit() else "12", "people injured", context=context) for doc in (0, 1)]
    for row in rows:
        row["text"] = number
    assert groups_of(embedder, *rows).empty


@pytest.mark.parametrize(
    ("sentence", "text", "noise"),
    [
        ("MUST WATCH The weapon that makes N. Korea more dangerous 01:12", "01:12", True),
        ("Owen Humphreys/PA 31/34 31 October 2017 Women protest outside Downing Street", "31", True),
        ("The attack on 9/11 killed nearly 3,000 people.", "3,000", False),
        ("Police said 40 people were injured.", "40", False),
        # A credit line glued to the paragraph after it as one "sentence": only the claim's own line counts.
        ("Photograph: Jane Roe/Getty Images\nThe price of the coin fell 14% to $5,920 on Tuesday.", "$5,920", False),
        ("Ferry sinks off the coast\nEnlarge this image toggle caption John Doe/AP\nAbout 40 people were rescued.", "40", False),
        ("Story highlights 12 boats were lost\nThe storm hit at night", "12", True),
        # A gallery: each caption line opens with the credit of the picture before it.
        ("A boat is towed into port\nReuters Around 100 people waited on the pier\nAP:Associated Press Rescuers at work", "Around 100", True),
        ("Reuters Around 100 people waited on the pier for news of the crew.", "Around 100", False),
    ],
)
def test_is_noise_spots_widgets_credits_and_counters(sentence, text, noise):
    assert is_noise(sentence, text) == noise


def test_vague_amounts_are_not_figures():
    assert is_vague("dozens") and is_vague("tens of thousands")
    assert not is_vague("12 dozen") and not is_vague("seven")


@pytest.mark.parametrize(("number", "half"), [(130, 5), (7, 0.5), (143e6, 0.5e6), (145.5e6, 0.05e6), (5967.34, 0.005)])
def test_half_unit_of_the_last_significant_digit(number, half):
    assert half_unit(number) == pytest.approx(half)


@pytest.mark.parametrize(
    ("qualifier", "low", "high"), [(">", 200.0, 220.0), (">=", 200.0, 220.0), ("<=", 180.0, 200.0), ("<", 180.0, 200.0), ("~", 180.0, 220.0)]
)
def test_a_bound_rounds_only_away_from_the_side_it_excludes(qualifier, low, high):
    # "more than 200" is no 197 and "up to 200" no 210; "about 200" may be either.
    assert exact_bounds({"qualifier": qualifier, "low": 200.0, "high": 200.0}) == pytest.approx((low, high))


def test_exact_bounds_cap_rounding_and_claim_bounds_open_ends():
    assert exact_bounds({"low": 200000.0, "high": 200000.0}) == pytest.approx((180000, 220000))  # rounding never moves a figure more than 10%
    assert claim_bounds(pd.Series({"qualifier": ">", "low": 100.0, "high": 100.0})) == pytest.approx((100.0, float("inf")))
    assert claim_bounds(pd.Series({"qualifier": "=", "low": 77.0, "high": 77.0})) == pytest.approx((76.5, 77.5))
    assert claim_bounds(pd.Series({"qualifier": "~", "low": 100.0, "high": 100.0})) == pytest.approx((85.0, 115.0))


def test_a_range_states_its_own_ends():
    # "between 40-70%" is no 36%, though rounding would read a lone "40" as 36 to 44; "about 20-25" may still be 17.
    ranged = {"qualifier": "=", "low": 40.0, "high": 70.0}
    assert exact_bounds(ranged) == pytest.approx((40.0, 70.0))
    assert not same_figure([exact_bounds(ranged), exact_bounds({"qualifier": "=", "low": 36.0, "high": 36.0})])
    assert claim_bounds(pd.Series({"qualifier": "~", "low": 20.0, "high": 25.0})) == pytest.approx((17.0, 28.75))


@pytest.mark.parametrize(
    ("first", "second", "times"),
    [
        ("The missile's range is 700 kilometres, officials said.", "The missile's range is 2700 kilometres, officials said.", ("in 2016", "in 2017")),
        ("Police said 6000 of the marchers joined the rally in Leeds.", "Organisers said 9000 marchers joined the rally in Leeds.", (None, None)),
        ("Police said 6000 marchers and 9000 cyclists came to Leeds.", "Police said 9000 marchers and 6000 cyclists came to Leeds.", (None, None)),
        # A figure ten times another is another quantity (a part and its whole), however alike the sentences.
        ("Police said 300 marchers joined the rally in Leeds.", "Police said 3000 marchers joined the rally in Leeds.", (None, None)),
    ],
)
def test_different_figures_need_one_time_no_part_of_a_whole_and_no_second_number(embedder, first, second, times):
    rows = []
    for doc, (sentence, time) in enumerate(zip((first, second), times)):
        number = re.search(r"\d+", sentence).group()
        rows.append({**claim(doc, sentence, number, "marchers", "marcher"), "time": time})
    assert groups_of(embedder, *rows).empty


def test_close_counts_of_people_named_differently_are_one_quantity(embedder):
    # "consumers" and "people" are one counted thing; 143 and 145.5 million are too close to be two quantities.
    groups = groups_of(
        embedder,
        claim(0, "The breach exposed the personal data of 143 million consumers in the United States, the firm said.", "143 million", "consumers", "consumer"),
        claim(1, "The breach exposed the personal data of 145.5 million people in the United States, the firm said.", "145.5 million", "people exposed"),
    )
    assert groups["status"].tolist() == ["conflict"] and groups["n_docs"].iloc[0] == 2


def test_a_count_without_its_noun_joins_the_count_its_sentence_matches(embedder):
    rows = [
        claim(0, "The breach exposed the personal data of 143 million people in the United States.", "143 million", "people"),
        claim(1, "The breach exposed the personal data of 143million in the United States.", "143million", None, None),
        claim(2, "The breach exposed the personal data of 143 million Americans.", "143 million", "Americans", "american"),
    ]
    groups = groups_of(embedder, *rows)
    assert groups["n_docs"].tolist() == [3] and groups["status"].tolist() == ["agree"]


def test_a_bare_number_without_scale_or_unit_never_groups(embedder):
    rows = [claim(doc, "The share of the vote was 52 after the count.", "52", None, None) for doc in (0, 1)]
    assert groups_of(embedder, *rows).empty


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "groups"),
    [
        ("One witness said the driver was shouting as the truck sped past.", "witness", "witness", 0),
        ("The talks will end one way or another by Friday, officials said.", None, "way", 0),
        ("One worker was injured when the two trains collided in the tunnel.", "worker injured", "worker", 1),
    ],
)
def test_the_word_one_groups_only_when_it_counts_something_that_happened(embedder, sentence, quantity, unit, groups):
    rows = [claim(doc, sentence, "1", quantity, unit) for doc in (0, 1)]
    for row in rows:
        row["text"] = "One" if sentence.startswith("One") else "one"
    assert len(groups_of(embedder, *rows)) == groups


@pytest.mark.parametrize(
    ("sentence", "text", "noise"),
    [
        ("Updated: 12 March 2019 By Staff Reporter The council approved the plan.", "12", True),  # the stamp's own date
        ("Storm hits coast Updated: 2019-03-12 10:14 By Agencies (Coast Daily News) Nearly 40 people were hurt when the storm hit the coast on Monday.", "Nearly 40", False),
        ("Posted by admin 3 days ago", "3", True),
    ],
)
def test_update_stamps_mark_only_the_claims_right_after_them(sentence, text, noise):
    assert is_noise(sentence, text) == noise


def test_the_masked_source_is_a_whole_word():
    from nlp.comparison.claim_links import masked_sentence

    row = {"sentence_text": "In addition to the 21 girls, it said, a boy was freed.", "text": "21", "source": "it"}
    assert masked_sentence(row) == "In addition to the N girls, someone said, a boy was freed."


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


def test_one_within_a_quotes_speaker_never_groups(embedder):
    # "One social media user tweeted ...": the count names who spoke; unmarked, it groups like any count of one user.
    rows = [{**claim(doc, "One social media user tweeted that her parents thought it was fireworks.", "1", "social media user", "user"), "text": "One"} for doc in (0, 1)]
    assert len(groups_of(embedder, *rows)) == 1
    assert groups_of(embedder, *({**row, "in_speaker": True} for row in rows)).empty


def test_the_ordinal_second_names_another_instance_and_never_groups(embedder):
    # "stopped for a second time" in two outlets: the same words, no count of stoppages; "the eighth time" counts.
    sentences = ("The race was stopped for a second time after a crash on lap 28.", "The race was halted for a second time when a car crashed.")
    rows = [{**claim(doc, sentence, "2", "time", "time"), "text": "second"} for doc, sentence in enumerate(sentences)]
    assert groups_of(embedder, *rows).empty
    counting = [{**row, "text": "eighth", "value": 8.0, "low": 8.0, "high": 8.0, "sentence_text": row["sentence_text"].replace("second", "eighth")} for row in rows]
    assert len(groups_of(embedder, *counting)) == 1


@pytest.mark.parametrize(("clocks", "status"), [(("9:34 a.m.", "mid-afternoon"), "differ"), (("9:34 a.m.", "9:34 a.m."), "conflict")])
def test_figures_read_at_two_times_of_day_are_an_update(embedder, clocks, status):
    # Published at one hour: without the two readings' times of day, $65.09 and $63.20 conflict.
    rows = [
        claim(0, f"Acme shares fell 1.5 percent to $65.09 at {clocks[0]} on doubts about the deal.", "$65.09", "Acme shares", "USD"),
        claim(1, f"Acme shares fell 4.3 percent to $63.20 at {clocks[1]} on doubts about the deal.", "$63.20", "Acme shares", "USD"),
    ]
    times = pd.DataFrame([{"doc_id": row["doc_id"], "sentence": 0, "entity_key": f"date:{clock}", "label": "TIME", "text": clock} for row, clock in zip(rows, clocks)])
    groups = claim_groups(pd.DataFrame(rows), times, embedder)
    assert groups["status"].tolist() == [status]
    assert ("at mid-afternoon" in groups["reason"].iloc[0]) is (status == "differ")


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


def test_a_description_followed_by_the_other_source_s_name_is_that_source(embedder):
    from nlp.comparison.claim_groups import different_sources

    described = claim(0, "Consumer credit agency Equifax says that 143 million consumers may have been affected.", "143 million", "consumers affected",
                      "consumer", source="Consumer credit agency", published="2017-09-08T10:00:00")
    named = claim(1, "Equifax said that 145.5 million consumers may have been affected.", "145.5 million", "consumers affected", "consumer",
                  source="Equifax", published="2017-10-02T10:00:00")
    assert not different_sources(described, named)
    assert different_sources({**described, "sentence_text": "A consumer credit agency says that 143 million consumers were hit."}, named)
    # Not two sources, so a figure that grew over weeks is an update, not a conflict.
    groups = groups_of(embedder, described, named)
    assert groups["status"].tolist() == ["differ"] and "update over" in groups["reason"].iloc[0]


@pytest.mark.parametrize(
    ("unit", "quantity", "said"),
    [("people", "people killed", "killed"), ("girl", "freed girls", "freed"), ("child", "children died", "died"), ("captive", "captives", ""),
     ("US Dollar", "Qualcomm shares", ""), ("people", None, "")],
)
def test_a_predicate_is_the_quantity_phrase_without_its_counted_noun(unit, quantity, said):
    from nlp.comparison.claim_links import predicate

    assert predicate({"unit": unit, "quantity": quantity}) == said


def test_close_predicates_tell_injured_from_killed(embedder):
    from nlp.comparison.claim_links import close_predicates, predicate

    # "people wounded" and "people killed" share a noun that raises their phrases' cosine; their predicates do not.
    rows = [claim(0, "s", "400", "people wounded"), claim(1, "s", "500", "people injured"), claim(2, "s", "59", "people killed"), claim(3, "s", "21", "captives", "captive")]
    close = close_predicates(pd.DataFrame(rows), embedder.embed([predicate(row) or "thing" for row in rows]))
    assert close[0, 1] and not close[0, 2] and not close[1, 2] and not close[3].any()


@pytest.mark.parametrize(("every_pair", "merged"), [(True, True), (False, False)])
def test_clusters_whose_members_all_name_close_predicates_join(every_pair, merged):
    from nlp.comparison.claim_links import merge_figures

    # "over 400 people wounded" and "more than 500 people injured" (phrases at 0.77, under the 0.8 bar): one count
    # when every two members say the same thing happened to what they count, not when one pair does.
    rows = [claim(0, "Over 400 people were wounded.", "400", "people wounded"), claim(1, "More than 500 people were injured.", "500", "people injured"),
            claim(2, "527 people were injured.", "527", "people injured", position=1)]
    predicates = np.ones((3, 3), dtype=bool)
    predicates[0, 2] = predicates[2, 0] = every_pair
    labels = merge_figures(np.array([0, 1, 1]), pd.DataFrame(rows), np.full((3, 3), 0.6), np.full((3, 3), 0.77), predicates)
    assert (len(set(labels)) == 1) is merged
    assert len(set(merge_figures(np.array([0, 1, 1]), pd.DataFrame(rows), np.full((3, 3), 0.6), np.full((3, 3), 0.77)))) == 2


@pytest.mark.parametrize(("predicates", "merged"), [(True, True), (False, False)])
def test_close_predicates_join_clusters_on_loosely_similar_sentences(predicates, merged):
    from nlp.comparison.claim_links import merge_figures

    # Sentences at 0.4 on average, under the 0.5 bar: one count updated ("About 100", "around 202 people injured")
    # when every two members name one predicate, two quantities otherwise.
    rows = [claim(0, "About 100 people were injured, officials said.", "100", "people injured"),
            claim(1, "The number of people injured rose to around 202.", "202", "people injured")]
    labels = merge_figures(np.array([0, 1]), pd.DataFrame(rows), np.full((2, 2), 0.4), np.full((2, 2), 0.7), np.full((2, 2), predicates))
    assert (len(set(labels)) == 1) is merged


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
