"""Claim groups: each status, the reasons, the noise filters and the linking, on claims these tests write."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nlp.comparison.group_filters import is_noise, is_vague
from nlp.comparison.claim_groups import claim_bounds, claim_groups, exact_bounds, half_unit
from nlp.comparison.claim_links import same_figure
from nlp.comparison.embed import Embedder

ENTITIES = pd.DataFrame(columns=["doc_id", "sentence", "start", "end", "entity_key", "label", "text"])


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
    times = pd.DataFrame([
        {"doc_id": row["doc_id"], "sentence": 0, "start": row["sentence_text"].find(clock), "end": row["sentence_text"].find(clock) + len(clock), "entity_key": f"date:{clock}", "label": "TIME", "text": clock}
        for row, clock in zip(rows, clocks)
    ])
    groups = claim_groups(pd.DataFrame(rows), times, embedder)
    assert groups["status"].tolist() == [status]
    assert ("at mid-afternoon" in groups["reason"].iloc[0]) is (status == "differ")


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
