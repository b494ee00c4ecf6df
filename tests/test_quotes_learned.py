"""The hybrid attributions: the protocol halves of eval quotes, and the tagger's spans decoded and merged."""

from __future__ import annotations

import shutil
import warnings

import pytest

from nlp.extract.pipeline import load_pipeline, resolve_model
from nlp.eval.quotes import article_half, evaluate_quotes
from nlp.io.store import read_table
from tests.test_quotes import only as only_quote
from tests.test_quotes import tagger_spans
from tests.test_quotes_eval import write_gold


@pytest.fixture(scope="module")
def parse():
    """Text -> a parsed Doc with rule quotes (spaCy's own recognizer keeps this fast)."""
    return load_pipeline(resolve_model(None), None, "spacy")


def tagged(parse, text: str, *roles_and_words: tuple[str, str]):
    """`text` parsed, with the spans a tagger would give for these (role, words) pairs."""
    doc = parse(text)
    doc._.attribution_spans = tagger_spans(text, *roles_and_words)
    return doc


def test_eval_quotes_scores_only_the_articles_of_its_half(tmp_path):
    gold = write_gold(tmp_path / "gold")
    assert (article_half("a1"), article_half("a2")) == ("tune", "check")
    for suffix in ("_x.ann", "_y.ann"):
        shutil.copy(gold / "attributions" / f"a1{suffix}", gold / "attributions" / f"a2{suffix}")
    shutil.copy(gold / "text" / "a1.txt", gold / "text" / "a2.txt")
    options = {"model": None, "ner": "spacy", "workers": 1, "quotes": "rules"}
    assert evaluate_quotes(gold, tmp_path / "all", **options).gold["all"] == 4
    scores = evaluate_quotes(gold, tmp_path / "tune", **options, half="tune")
    assert scores.gold["all"] == 2
    assert len(read_table(tmp_path / "tune", "documents")) == 1  # the other half is not even analysed


def test_a_learned_indirect_content_ends_at_its_sentence(parse):
    from nlp.extract.quotes import QuoteFinder

    text = 'Officials noted the crops are failing. Kiribati is buying land abroad. "We will stay. We must," he said.'
    doc = tagged(
        parse, text, ("SOURCE", "Officials"), ("CUE", "noted"), ("CONTENT", "the crops are failing. Kiribati is buying land abroad"), ("CONTENT", '"We will stay. We must,"')
    )
    # A quotation runs on past its first sentence.
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ["the crops are failing", '"We will stay. We must,"']


def test_hybrid_keeps_a_rule_inside_the_part_of_a_tagger_content_cut_at_a_sentence_end(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Sanders said the race was close. Trump said he would not accept the offer."
    doc = tagged(parse, text, ("CUE", "said"), ("CONTENT", "the race was close. Trump said he would not accept the offer"))
    assert [(quote.text, quote.speaker) for quote in QuoteFinder(doc).quotes("hybrid")] == [
        ("the race was close", "Sanders"),
        ("he would not accept the offer", "Trump"),
    ]


def test_learned_contents_of_function_words_or_cut_after_a_determiner_are_left_out(parse):
    from nlp.extract.quotes import QuoteFinder

    text = 'Trump said it to them. Clinton criticised the plans of the campaign. Warren said "It is."'
    doc = tagged(
        parse, text, ("SOURCE", "Trump"), ("CUE", "said"), ("CONTENT", "it to"), ("SOURCE", "Clinton"), ("CUE", "criticised"), ("CONTENT", "the plans of the"), ("CONTENT", '"It is."')
    )
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ['"It is."']


def test_cue_sentences_are_those_with_a_cue_word_a_quotation_mark_or_a_colon(parse):
    from nlp.extract.quotes.learned import cue_sentences

    text = 'Shares fell by 4%. The chief executive told investors to wait. Sales rose in May. He was blunt: "No."'
    doc = parse(text)
    assert [text[start:end].strip() for start, end in cue_sentences(doc)] == ["The chief executive told investors to wait.", 'He was blunt: "No."']


def test_the_tagger_reads_only_the_regions_it_is_given():
    from nlp.extract.attribution_tagger import AttributionTagger

    class EveryWordContent:
        def tag_words(self, windows):
            return [["B-CONTENT"] + ["I-CONTENT"] * (len(words) - 1) for words in windows]

    tagger = AttributionTagger.__new__(AttributionTagger)
    tagger.classifier = EveryWordContent()
    text = "Shares fell. He said sales rose. Costs grew."
    region = (text.index("He"), text.index(" Costs"))
    assert [text[span.start : span.end] for span in tagger.tag([text], [[region]])[0]] == ["He said sales rose."]
    assert [text[span.start : span.end] for span in tagger.tag([text])[0]] == [text]


def test_a_plural_description_is_not_the_last_person_named(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Kerry Doyle met the teachers. The teachers said that the policy had changed."
    quote = only_quote(QuoteFinder(parse(text)).quotes("rules"))
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type, quote.speaker_named) == ("The teachers", "The teachers", "person", False)


def test_a_rule_participle_cue_takes_the_subject_of_the_clause_it_hangs_on(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Microsoft officials responded by saying that they always cooperate with the police."
    quote = only_quote(QuoteFinder(parse(text)).quotes("rules"))
    assert (quote.text, quote.speaker) == ("that they always cooperate with the police", "Microsoft officials")


def test_a_paragraphs_first_words_parsed_into_the_paragraph_before_are_the_subject(parse):
    from nlp.extract.quotes import QuoteFinder

    for text, speaker in (
        ("A special team shot the gorilla after the boy fell into the moat\nZoo officials said that three gorillas were in the enclosure.", "Zoo officials"),
        ("The 21-year-old spoke at an undisclosed location in Abuja\nAli said that a dozen captives died in a bombing.", "Ali"),
    ):
        # The parse gives "said" the previous paragraph's subject; the paragraph's own first words are it.
        assert [quote.speaker for quote in QuoteFinder(parse(text)).quotes("rules")] == [speaker]


def test_an_organisation_noun_with_no_organisation_named_before_is_an_unnamed_organisation(parse):
    from nlp.extract.quotes import QuoteFinder

    quote = only_quote(QuoteFinder(parse("Many big companies said that the tax changes would help them.")).quotes("rules"))
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type) == ("Many big companies", "Many big companies", "organization")


@pytest.mark.parametrize(
    "text, speaker_type",
    [
        ("A visitor said that the queue was long.", "person"),
        ("The regime said that the test had succeeded.", "organization"),
        ("A warning said that the road was closed.", "document"),
        ("The image shows that the ice has melted.", "document"),
        ("Consumers said that the prices were too high.", "person"),
        ("A rabbi said that five victims were members of his temple.", "person"),
        ("Rumors suggested that the singer would perform.", "anonymous"),
    ],
)
def test_agents_bodies_and_notices_are_typed(parse, text, speaker_type):
    from nlp.extract.quotes import QuoteFinder

    assert only_quote(QuoteFinder(parse(text)).quotes("rules")).speaker_type == speaker_type


def test_a_name_the_recognizer_tagged_only_elsewhere_keeps_its_type(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Boeing built the new jet. Later Boeing said that the jet was safe."
    doc = parse(text)
    second = text.rindex("Boeing")
    doc._.entities = [mention for mention in doc._.entities if mention.start != second]  # as if the recognizer missed it here
    assert [mention.label for mention in doc._.entities if text[mention.start : mention.end] == "Boeing"] == ["ORG"]
    quote = only_quote(QuoteFinder(doc).quotes("rules"))
    assert (quote.speaker, quote.speaker_type) == ("Boeing", "organization")


def test_we_outside_a_quotation_is_the_outlets_own_voice(parse):
    from nlp.extract.quotes import QuoteFinder

    quote = only_quote(QuoteFinder(parse("As a society, we know that the old rules no longer work.")).quotes("rules"))
    assert (quote.speaker, quote.speaker_type, quote.speaker_canonical) == ("we", "outlet", None)


def test_a_learned_quotation_resumed_after_its_reporting_sentence_stays_one_content(parse):
    from nlp.extract.quotes import QuoteFinder

    text = 'Crowds gathered. "We will get justice," Chief Jordan said Monday. "It will take time."'
    content = '"We will get justice," Chief Jordan said Monday. "It will take time."'
    doc = tagged(parse, text, ("CONTENT", content), ("SOURCE", "Chief Jordan"), ("CUE", "said"))
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == [content]


def test_a_thing_that_does_something_with_no_reporting_word_is_no_quote(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "The launch came as the president arrived. The launch showed that the rocket works."
    doc = tagged(
        parse, text, ("SOURCE", "The launch"), ("CUE", "came"), ("CONTENT", "as the president arrived"), ("CUE", "showed"), ("CONTENT", "that the rocket works")
    )
    # Both sources resolve to nobody; only the one with a reporting word ("showed") reports something.
    assert [(quote.text, quote.speaker_type) for quote in QuoteFinder(doc).quotes("learned")] == [("that the rocket works", "unknown")]


def test_you_outside_a_quotation_is_the_reader_not_a_source(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "You wonder why the price is so high this month."
    doc = tagged(parse, text, ("SOURCE", "You"), ("CUE", "wonder"), ("CONTENT", "why the price is so high this month"))
    assert QuoteFinder(doc).quotes("learned") == []


def test_a_subject_the_parse_lost_is_the_name_opening_the_line_before_the_verb(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "From Paris, Marie Dubois, the mayor's chief adviser, said that the talks had failed."
    quote = only_quote(QuoteFinder(parse(text)).quotes("rules"))
    assert (quote.text, quote.speaker, quote.speaker_type) == ("that the talks had failed", "Marie Dubois", "person")


def test_an_active_verbs_by_phrase_is_a_means_not_its_source(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Maria Lopez, the mother of one of the girls, said by telephone that she hoped her daughter was safe."
    doc = parse(text)
    assert [token.dep_ for token in doc if token.text == "by"] == ["agent"]  # the parse's label, as for a passive's agent
    quote = QuoteFinder(doc).quotes("rules")[0]
    assert (quote.text, quote.speaker_canonical) == ("that she hoped her daughter was safe", "Maria Lopez")
    assert only_quote(QuoteFinder(parse("The meeting was first reported by Politico.")).quotes("rules")).speaker == "Politico"


@pytest.mark.parametrize(
    "text",
    [
        "Three passengers were hurt. One of the injured passengers said that the driver was speeding.",
        "Three passengers were hurt. One said that the driver was speeding.",
        "Mia Farrow and Woody Allen met in 1980. In 1992 they announced that they had separated.",  # people, and no organisation
    ],
)
def test_one_of_a_group_or_they_after_people_is_an_unnamed_person(parse, text):
    from nlp.extract.quotes import QuoteFinder

    quote = only_quote(QuoteFinder(parse(text)).quotes("rules"))
    assert (quote.speaker_type, quote.speaker_named) == ("person", False)


def test_a_cue_in_the_imperative_tells_the_reader_what_to_do_and_is_no_quote(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Promotion Continue reading the next page\nThe mayor said that the budget was tight."
    doc = tagged(parse, text, ("SOURCE", "Promotion"), ("CUE", "Continue reading"), ("CONTENT", "the next page"))
    assert QuoteFinder(doc).quotes("learned") == []


def test_a_reported_content_ends_before_a_relative_clause_closing_it_or_a_dangling_conjunction(parse):
    from nlp.extract.quotes import QuoteFinder

    closing = QuoteFinder(parse("The senator said that the tax should fall on Exxon, which earned $20 billion last year.")).quotes("rules")
    inside = QuoteFinder(parse("The senator said that Exxon, which earned $20 billion last year, should pay more.")).quotes("rules")
    assert [quote.text for quote in closing + inside] == ["that the tax should fall on Exxon", "that Exxon, which earned $20 billion last year, should pay more"]
    text = "The mayor said the budget would be balanced next year, and the council agreed."
    doc = tagged(parse, text, ("CUE", "said"), ("CONTENT", "the budget would be balanced next year, and"))
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ["the budget would be balanced next year"]


def test_a_reported_content_ends_before_an_aside_in_parentheses_closing_it(parse):
    from nlp.extract.quotes import QuoteFinder

    closing = "Democrats argued that Trump stands outside the norms of the party (which lets the rest of the party off the hook)."
    inside = "Democrats argued that the plan (a tax cut) would fail."
    quotes = QuoteFinder(parse(closing)).quotes("rules") + QuoteFinder(parse(inside)).quotes("rules")
    assert [quote.text for quote in quotes] == ["that Trump stands outside the norms of the party", "that the plan (a tax cut) would fail"]


@pytest.mark.parametrize(
    "text, content",
    [
        ("The council met on Monday. But the budget will not be balanced, the mayor said.", "the budget will not be balanced"),
        ("PARIS ― The talks have failed, the minister said on Monday.", "The talks have failed"),
    ],
)
def test_a_reported_content_starts_after_a_joining_conjunction_or_a_dateline(parse, text, content):
    from nlp.extract.quotes import QuoteFinder

    assert only_quote(QuoteFinder(parse(text)).quotes("rules")).text == content


def test_hybrid_grows_a_rule_content_to_the_tagger_content_confirming_it_but_not_over_its_reporting_clause(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "The senator urged North Korea to resume talks. Crops are failing in the islands, he noted. Prices rose."
    doc = tagged(
        parse, text, ("CUE", "urged"), ("CONTENT", "North Korea to resume talks"), ("CONTENT", "Crops are failing in the islands, he noted. Prices rose")
    )
    rules = [quote.text for quote in QuoteFinder(parse(text)).quotes("rules")]
    assert rules[:2] == ["to resume talks", "Crops are failing in the islands"]  # the parse leaves the verb's object out
    assert [quote.text for quote in QuoteFinder(doc).quotes("hybrid")] == ["North Korea to resume talks", "Crops are failing in the islands"]


def test_hybrid_takes_the_tagger_content_around_a_phrase_the_rules_took_alone_from_a_quotation(parse):
    from nlp.extract.quotes import QuoteFinder

    text = 'The police reported "2,521 shooting incidents" in the city between January and September. "We are safe," he said in a statement on Monday.'
    tagger = [("CONTENT", '"2,521 shooting incidents" in the city between January and September'), ("CONTENT", '"We are safe," he said in a statement on Monday')]
    doc = tagged(parse, text, ("SOURCE", "The police"), ("CUE", "reported"), *tagger)
    assert [quote.text for quote in QuoteFinder(parse(text)).quotes("rules")][0] == '"2,521 shooting incidents"'
    # A quotation that opens its sentence is the rules' still.
    assert [(quote.text, quote.speaker) for quote in QuoteFinder(doc).quotes("hybrid")] == [
        ('"2,521 shooting incidents" in the city between January and September', "The police"),
        ('"We are safe,"', "he"),
    ]


def test_hybrid_gives_a_rule_quote_with_no_subject_in_the_parse_the_source_the_tagger_linked(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Says the economy is strong and will grow next year. Jane Smith is the mayor of Springfield."
    assert QuoteFinder(parse(text)).quotes("rules")[0].speaker is None
    doc = tagged(parse, text, ("CUE", "Says"), ("CONTENT", "the economy is strong and will grow next year"), ("SOURCE", "Jane Smith"))
    quote = only_quote(QuoteFinder(doc).quotes("hybrid"))
    assert (quote.text, quote.speaker, quote.speaker_type) == ("the economy is strong and will grow next year", "Jane Smith", "person")


def test_a_short_learned_content_cut_inside_its_phrase_runs_to_the_phrases_end(parse):
    from nlp.extract.quotes import QuoteFinder

    text = "Clinton cited the remarks that Trump had made about Machado. She also criticized Trump on Monday. He told his advisers to figure out how to cut emissions."
    spans = [("CUE", "cited"), ("CONTENT", "the remarks"), ("CUE", "criticized"), ("CONTENT", "Trump"), ("CUE", "told"), ("CONTENT", "to figure out")]
    doc = tagged(parse, text, ("SOURCE", "Clinton"), *spans)
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ["the remarks that Trump had made about Machado", "Trump", "to figure out how to cut emissions"]


def test_two_contents_with_one_cue_and_only_a_space_between_are_one_statement(parse):
    from nlp.extract.quotes import QuoteFinder

    text = 'The senator urged Republicans to join the ranks of believers. "We must act." "The time is now," he said.'
    spans = [("SOURCE", "The senator"), ("CUE", "urged"), ("CONTENT", "Republicans"), ("CONTENT", "to join the ranks of believers")]
    doc = tagged(parse, text, *spans, ("CONTENT", '"We must act."'), ("CONTENT", '"The time is now,"'), ("CUE", "said"))
    # Quotations end at their marks: two of them side by side stay two.
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ["Republicans to join the ranks of believers", '"We must act."', '"The time is now,"']


def test_the_taggers_spans_of_each_section_of_a_long_text_point_into_the_joined_text(parse):
    from nlp.extract.attribution_tagger import CharSpan
    from nlp.extract.pipeline import joined_sections

    sections = [parse("Smith said taxes rose.\n"), parse("Jones said prices fell.")]
    sections[0]._.attribution_spans = [CharSpan("SOURCE", 0, 5)]
    sections[1]._.attribution_spans = [CharSpan("SOURCE", 0, 5), CharSpan("CUE", 6, 10)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # spaCy's W101 about the extension it does not merge stays quiet
        doc = joined_sections(sections)
    assert [doc.text[span.start : span.end] for span in doc._.attribution_spans] == ["Smith", "Jones", "said"]
