"""Speaker resolution (nlp.extract.quotes.speakers): which entity a pronoun or description refers back to, sources
that cannot speak, and each quote's source type. Each test writes its own small text."""

from __future__ import annotations

import re

import pytest

from nlp.extract.pipeline import load_pipeline, resolve_model
from nlp.extract.quotes import is_outlet
from nlp.extract.quotes.document import DocumentIndex
from nlp.extract.quotes.speakers import resolve_speaker
from tests.test_quotes import only


@pytest.fixture(scope="module")
def pipeline():
    """spaCy's own recognizer keeps this fast."""
    return load_pipeline(resolve_model(None), None, "spacy")


@pytest.fixture(scope="module")
def speaker_of(pipeline):
    """Text and a source's words -> the speaker those words resolve to (the source span given, as a tagger would)."""

    def run(text: str, source: str):
        doc = pipeline(text)
        start = re.search(rf"(?<!\w){re.escape(source)}(?!\w)", text).start()
        return resolve_speaker(DocumentIndex(doc), doc.char_span(start, start + len(source)))

    return run


@pytest.fixture(scope="module")
def quote_of(pipeline):
    """Text and a cue word -> the one quote whose cue is that word."""

    def run(text: str, cue: str):
        quotes = [quote for quote in pipeline(text)._.quotes if quote.cue is not None and cue in quote.cue]
        assert len(quotes) == 1, [(quote.text, quote.speaker, quote.cue) for quote in quotes]
        return quotes[0]

    return run


def test_a_description_never_resolves_to_a_news_outlet(quote_of):
    quote = quote_of("The charges, seen by Reuters, included assault on a soldier. The army said that the soldier was hurt.", "said")
    assert quote.speaker_canonical != "Reuters"
    assert quote.speaker_type != "outlet"


def test_a_description_resolves_to_an_organisation_whose_name_holds_its_noun(quote_of):
    text = "The Foreign Ministry met Acme Corp on Monday. The ministry said that talks would resume."
    assert quote_of(text, "said").speaker_canonical == "Foreign Ministry"


def test_a_description_skips_an_organisation_of_another_kind(quote_of):
    text = "Shell posted record profits, the Energy Ministry reported. The company said that prices would fall."
    assert quote_of(text, "said").speaker_canonical == "Shell"


@pytest.mark.parametrize("noun", ["military", "police"])
def test_a_body_is_never_a_person_nor_an_unrelated_organisation(quote_of, noun):
    text = f"John Smith met reporters from Acme Corp in the village. The {noun} confirmed that rubber bullets had been used."
    quote = quote_of(text, "confirmed")
    assert (quote.speaker_canonical, quote.speaker_type) == (f"The {noun}", "anonymous")


def test_a_body_resolves_to_an_organisation_named_with_its_noun(quote_of):
    text = "Officers of the Metropolitan Police arrived on Monday. The police said that two men had been arrested."
    assert quote_of(text, "said").speaker_canonical == "Metropolitan Police"


def test_a_nationality_word_inside_a_description_is_not_the_speaker(quote_of):
    quote = quote_of("Israeli troops said that the village had been closed.", "said")
    assert quote.speaker_key != "group:israeli"
    quote = quote_of("A commentator in the Israeli newspaper Haaretz said that the trial was political.", "said")
    assert (quote.speaker_canonical, quote.speaker_type, quote.speaker_named) == (quote.speaker, "person", False)
    assert quote.speaker.startswith("A commentator")


def test_what_is_never_a_speaker_but_the_other_subject_is(speaker_of):
    speaker = speaker_of("The clash took place after what Israel says was an assault on its troops.", "what")
    assert (speaker.text, speaker.canonical) == ("Israel", "Israel")


def test_a_fragment_of_a_quotation_is_no_speaker_but_the_clause_it_hangs_on_has_one(speaker_of):
    text = 'Bassem Tamimi called the indictment a "political trial" saying Israel dug up old incidents.'
    speaker = speaker_of(text, 'a "political trial')
    assert (speaker.text, speaker.canonical, speaker.kind) == ("Bassem Tamimi", "Bassem Tamimi", "person")


def test_it_refers_to_the_body_that_is_the_subject_of_its_sentence(speaker_of):
    text = "Israeli officials met Acme Corp in May. The military confirmed that bullets were used after what it said was a riot."
    speaker = speaker_of(text, "it")
    assert (speaker.text, speaker.canonical) == ("it", "The military")
    speaker = speaker_of("Tom Hanks sued Microsoft in March. He said it had lied.", "it")
    assert speaker.canonical == "Microsoft"  # "He" is no body: passed over


def test_a_description_naming_its_nation_is_not_an_organisation_named_before(quote_of):
    quote = quote_of("Acme Corp made the rifles. The Israeli army said that the soldiers acted lawfully.", "said")
    assert (quote.speaker_canonical, quote.speaker_type) == ("The Israeli army", "organization")


def test_an_organisation_standing_with_a_kind_noun_is_of_that_kind(quote_of):
    text = "The commentator wrote in the newspaper Haaretz on Monday. The army said that the soldiers acted lawfully."
    assert quote_of(text, "said").speaker_canonical != "Haaretz"


def test_the_words_before_a_quotation_in_a_source_speak(speaker_of):
    text = 'The mayor wrote that the poster "wrongly and plainly" suggests that the police back the campaign.'
    speaker = speaker_of(text, 'the poster "wrongly')
    assert speaker.text == "the poster"


def test_a_description_with_a_nationality_word_and_no_other_name_is_itself_the_speaker(speaker_of):
    speaker = speaker_of("Two Democratic speechwriters urged her to attack, arguing that it hurt him.", "Two Democratic speechwriters")
    assert (speaker.canonical, speaker.key) == ("Two Democratic speechwriters", None)
    speaker = speaker_of("European leaders said that the treaty would hold.", "European leaders")
    assert speaker.key != "group:european"


def test_a_possessive_apostrophe_is_no_quotation(speaker_of):
    speaker = speaker_of("The flight attendants' union said that it backs the deal.", "The flight attendants' union")
    assert speaker.text == "The flight attendants' union"


def test_a_kind_noun_just_before_an_organisation_gives_its_kind(speaker_of):
    text = "A commentator in the left-wing newspaper Haaretz wrote a column. The army said that the soldiers acted lawfully."
    assert speaker_of(text, "The army").canonical != "Haaretz"


def test_it_and_the_firm_refer_to_the_body_that_acted_not_one_named_in_passing(speaker_of):
    text = (
        "Broadcom said its offer stood whether the bid by Qualcomm for Dutch rival NXP Semiconductors was completed. "
        "European regulators said they had approved that merger. "
        "The firm said it was prepared to pay a large fee. It also said it would offer more cash."
    )
    assert speaker_of(text, "The firm").canonical == "Broadcom"
    assert speaker_of(text, "It").canonical == "Broadcom"


def test_a_subject_far_back_loses_to_the_body_named_last(speaker_of):
    filler = "The weather was mild and the streets were quiet all through the long afternoon. " * 8
    text = f"Broadcom raised its offer on Monday. {filler}Shareholders in NXP Semiconductors were pleased. It said the offer was fair."
    assert speaker_of(text, "It").canonical == "NXP Semiconductors"


# --- source types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker_type",
    [
        ('"This is a de facto amnesty," an ICE federal prosecutor told the outlet.', "anonymous"),
        ("Officials said that the border would stay closed.", "anonymous"),
        ("A spokesperson said the company would appeal.", "anonymous"),
        ("The Washington Examiner reported that cases were being closed.", "outlet"),
        ("According to data from TRAC, the backlog grew.", "document"),
        ("The memo says prosecutors should close old cases.", "document"),
        ("A report found that the program saved money.", "document"),
        ("Microsoft said that the outage was over.", "organization"),
        ("Senator Elizabeth Warren said that the bank had lied.", "person"),
    ],
)
def test_source_types(quotes_of, text, speaker_type):
    assert only(quotes_of(text)).speaker_type == speaker_type


def test_the_outlet_resolves_to_the_outlet_last_named(quotes_of):
    quotes = quotes_of("The Washington Examiner obtained the memo. The newspaper reported that cases were being closed.")
    assert only(quotes).speaker_canonical == "Washington Examiner"


# --- speaker resolution -------------------------------------------------------------------


def test_a_relative_pronoun_resolves_to_its_antecedent(quotes_of):
    quote = only(quotes_of("The plan was attacked by Senator Elizabeth Warren, who said that the bank had lied."))
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type, quote.speaker_named) == ("who", "Elizabeth Warren", "person", True)


def test_a_personal_pronoun_agrees_in_gender_across_paragraphs(quotes_of):
    text = (
        "Mr. John Baker met Ms. Sarah Collins in Boston on Monday.\n\n"
        "The talks lasted four hours and covered the budget.\n\n"
        "She said that the deal was close."
    )
    quote = only(quotes_of(text))
    assert (quote.speaker, quote.speaker_canonical) == ("She", "Sarah Collins")
    text = text.replace("Mr. John Baker met Ms. Sarah Collins", "Ms. Sarah Collins met Mr. John Baker").replace("She said", "He said")
    assert only(quotes_of(text)).speaker_canonical == "John Baker"


def test_it_and_they_resolve_to_an_organisation_not_a_person(quotes_of):
    quote = only(quotes_of("Tom Hanks sued Microsoft in March. It said that the claim had no merit."))
    assert (quote.speaker_canonical, quote.speaker_type) == ("Microsoft", "organization")


def test_i_inside_the_quotation_is_never_the_speaker(quotes_of):
    quotes = quotes_of('Maria Lopez spoke to the crowd. "I will not give up on this city," the mayor said.')
    quote = only(quotes)
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type) == ("the mayor", "Maria Lopez", "person")


@pytest.mark.parametrize(
    "text, speaker, canonical, speaker_type",
    [
        ("Delta Air Lines cancelled 300 flights. The airline said that storms were to blame.", "The airline", "Delta Air Lines", "organization"),
        ("Shell posted record profits. The company said that prices would fall.", "The company", "Shell", "organization"),
        ("Taylor Swift cancelled her tour. The singer said that she needed rest.", "The singer", "Taylor Swift", "person"),
        ("John Smith was arrested on Friday. The 45-year-old said that he was innocent.", "The 45-year-old", "John Smith", "person"),
    ],
)
def test_a_definite_description_resolves_to_the_last_compatible_entity(quotes_of, text, speaker, canonical, speaker_type):
    quote = only(quotes_of(text))
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type) == (speaker, canonical, speaker_type)


def test_it_does_not_resolve_to_a_plural_group(quotes_of):
    quotes = quotes_of("The Acme Corporation opened an office for many Canadians in Ohio. It said that the inquiry would start soon.")
    assert only(quotes).speaker_canonical == "Acme Corporation"


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("Laura Finch's brother, Peter Walsh, said that the vote was fair.", "Peter Walsh"),
        ("A spokesperson for Governor Laura Finch, David Moore, said on Monday that the talks had failed.", "David Moore"),
    ],
)
def test_a_possessor_or_a_prepositions_object_in_the_source_is_not_the_speaker(quotes_of, text, canonical):
    assert only(quotes_of(text)).speaker_canonical == canonical


def test_a_definite_description_takes_the_phrase_that_introduced_its_noun(quotes_of):
    text = (
        "Mayor Anna Brooks opened the new bridge on Monday.\n\n"
        "A spokesperson for the Federal Aviation Administration confirmed the closure.\n\n"
        '"We are reviewing the incident," the spokesperson said.'
    )
    quote = next(quote for quote in quotes_of(text) if quote.speaker == "the spokesperson")
    assert "Federal Aviation Administration" in quote.speaker_canonical
    text = "Lisa Grant, a witness, saw the crash. Tom Reed arrived later. The witness said that the car was speeding."
    assert only(quotes_of(text)).speaker_canonical == "Lisa Grant"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"The plane dropped suddenly," a flight attendant said.', "a flight attendant"),
        ("One witness said that the car had run a red light.", "One witness"),
    ],
)
def test_unnamed_people_are_persons_not_named(quotes_of, text, speaker):
    quote = only(quotes_of(text))
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type, quote.speaker_named) == (speaker, speaker, "person", False)


def test_a_reporters_question_is_not_a_quote(quotes_of):
    quotes = quotes_of('"Will you run again?" a reporter asked. "We will see," Biden said.')
    assert [(quote.text, quote.speaker) for quote in quotes] == [('"We will see,"', "Biden")]


def test_outlet_names():
    assert is_outlet("The Washington Post") and is_outlet("Reuters") and is_outlet("Washington Examiner")
    assert not is_outlet("Microsoft") and not is_outlet("Department of Justice")
