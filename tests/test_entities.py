"""Entity clustering within a document and keys across documents."""

from __future__ import annotations

import pytest

from nlp.extract.entities import entity_key, initials
from nlp.io.tables import surname_links


def clusters(pipeline, text: str) -> dict[str, set[str]]:
    """mention text -> the set of entity keys it was given."""
    found: dict[str, set[str]] = {}
    for mention in pipeline(text)._.entities:
        assert text[mention.start : mention.end] == mention.text
        found.setdefault(mention.text, set()).add(mention.entity_key)
    return found


def test_titles_and_short_names_join_the_full_name(pipeline):
    text = (
        "President Joe Biden spoke in Ohio on Monday. Biden said the plan would pass. "
        "Later, Joe Biden met reporters."
    )
    doc = pipeline(text)
    people = [m for m in doc._.entities if m.entity_key.startswith("person:")]
    assert {m.text for m in people} >= {"Joe Biden", "Biden"}
    assert {m.canonical for m in people} == {"Joe Biden"}
    assert {m.entity_key for m in people} == {"person:joe-biden"}


def test_honorific_is_stripped_from_canonical(pipeline):
    doc = pipeline("Sen. Elizabeth Warren criticised the bank. Warren said the fines were too small.")
    canonicals = {m.canonical for m in doc._.entities if m.entity_key.startswith("person:")}
    assert canonicals == {"Elizabeth Warren"}


def test_acronym_definition_joins_long_form_and_acronym(pipeline):
    text = (
        "U.S. Immigration and Customs Enforcement (ICE) lawyers have started to close cases. "
        "Kerry Doyle, ICE's principal legal adviser, held meetings. ICE declined to comment."
    )
    found = clusters(pipeline, text)
    assert found["U.S. Immigration and Customs Enforcement"] == {"org:us-immigration-and-customs-enforcement"}
    assert found["ICE"] == {"org:us-immigration-and-customs-enforcement"}


def test_short_outlet_name_joins_the_full_name(pipeline):
    found = clusters(pipeline, "The Washington Examiner reported the memo on Friday. The Examiner said it had seen the video.")
    assert found["Examiner"] == {"org:washington-examiner"}


def test_possessive_and_later_surname_join(pipeline):
    doc = pipeline("Kerry Doyle explained the policy. Doyle's memo was leaked, and Doyle told prosecutors to dismiss cases.")
    keys = {m.entity_key for m in doc._.entities if "Doyle" in m.text}
    assert keys == {"person:kerry-doyle"}


def test_surname_goes_to_the_nearest_earlier_full_name(pipeline):
    doc = pipeline(
        "Jill Biden visited a school in Texas. Hunter Biden was in court in Delaware. "
        "Biden's lawyers asked for more time."
    )
    last = [m for m in doc._.entities if m.text.startswith("Biden")][-1]
    assert last.canonical == "Hunter Biden"


def test_country_aliases_share_a_key(pipeline):
    found = clusters(pipeline, "Officials in the U.S. said the United States would act. Trade with the US fell.")
    keys = set().union(*(found[name] for name in found if name in {"U.S.", "the United States", "United States", "US"}))
    assert keys == {"place:united-states"}


@pytest.mark.parametrize(
    ("canonical", "coarse", "expected"),
    [
        ("Joe Biden", "person", "person:joe-biden"),
        ("José Martí", "person", "person:jose-marti"),
        ("U.S. Immigration and Customs Enforcement", "org", "org:us-immigration-and-customs-enforcement"),
        ("O'Brien", "person", "person:obrien"),
        ("???", "misc", "misc:unnamed"),
    ],
)
def test_entity_key_is_a_readable_ascii_slug(canonical, coarse, expected):
    assert entity_key(canonical, coarse) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Immigration and Customs Enforcement", "ICE"),
        ("U.S. Immigration and Customs Enforcement", "ICE"),
        ("Transactional Records Access Clearinghouse", "TRAC"),
        ("Department of Homeland Security", "DHS"),
    ],
)
def test_initials_skip_function_words(name, expected):
    assert initials(name) == expected


def test_lone_surname_links_to_the_only_full_name_in_the_corpus():
    links = surname_links([("person:joe-biden", "Joe Biden"), ("person:angela-merkel", "Angela Merkel")])
    assert links["person:biden"] == ("person:joe-biden", "Joe Biden")
    assert links["person:merkel"] == ("person:angela-merkel", "Angela Merkel")


def test_ambiguous_surname_stays_unlinked():
    links = surname_links([("person:joe-biden", "Joe Biden"), ("person:jill-biden", "Jill Biden")])
    assert "person:biden" not in links


def test_middle_initial_full_name_and_surname_share_one_key(pipeline):
    doc = pipeline("Donald J. Trump signed the order on Monday. Later Donald Trump said Trump would sign more.")
    keys = {m.entity_key for m in doc._.entities if m.entity_key.startswith("person:")}
    assert keys == {"person:donald-trump"}
    assert entity_key("Donald J. Trump", "person") == entity_key("Donald Trump", "person") == "person:donald-trump"
    assert entity_key("J. K. Rowling", "person") == "person:j-rowling"  # initials are not dropped down to one word


def test_lone_surname_links_to_the_dominant_full_name():
    links = surname_links([("person:donald-trump", "Donald Trump", 25), ("person:melania-trump", "Melania Trump", 3)])
    assert links["person:trump"] == ("person:donald-trump", "Donald Trump")
    close = surname_links([("person:donald-trump", "Donald Trump", 5), ("person:melania-trump", "Melania Trump", 3)])
    assert "person:trump" not in close
    korean = surname_links([("person:jack-kim", "Jack Kim", 2), ("person:kim-jong-un", "Kim Jong Un", 14)])
    assert "person:kim" not in korean  # a family name written first is not Jack Kim's surname


def test_photo_credits_are_not_entities(pipeline):
    text = (
        "Angela Merkel visited Paris on Monday.\n"
        "Enlarge this image toggle caption Spencer Platt/Getty Images Spencer Platt/Getty Images\n"
        "Getty Images - Getty Merkel met French officials.\n"
        "Merkel told AP that talks went well."
    )
    found = clusters(pipeline, text)
    assert not any("Getty" in name or "Platt" in name for name in found)
    assert "AP" in found  # an agency outside a credit line is a source like any other


def test_place_short_form_joins_the_full_place_name(pipeline):
    found = clusters(pipeline, "North Korea fired a missile on Friday. Officials said the North would fire more.")
    assert found["North"] == {"place:north-korea"}
    assert found["North Korea"] == {"place:north-korea"}
