"""Quote attribution: every reporting form, odd quotation marks, the seed article, and the learned tagger's spans.
Source types and speaker resolution are in test_speakers.py, eval quotes in test_quotes_eval.py."""

from __future__ import annotations

import pytest

from nlp.extract.pipeline import load_pipeline, resolve_model
from nlp.extract.quotes import find_quotations, quotation_kind


def only(quotes):
    assert len(quotes) == 1, [(quote.text, quote.speaker) for quote in quotes]
    return quotes[0]


# --- reporting forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        ('"We will win the state," Sanders said.', '"We will win the state,"', "Sanders", "said"),
        ('Sanders said, "We will win the state."', '"We will win the state."', "Sanders", "said"),
        ('"We will win the state," said Bernie Sanders.', '"We will win the state,"', "Bernie Sanders", "said"),
        ("Sanders said that the campaign would win the state.", "that the campaign would win the state", "Sanders", "said"),
        ("The campaign will win the state, Sanders said on Tuesday.", "The campaign will win the state", "Sanders", "said"),
        ('Bernie Sanders: "We will win the state and then the nomination."', '"We will win the state and then the nomination."', "Bernie Sanders", ":"),
        ("Sanders wrote that the primary was rigged against him.", "that the primary was rigged against him", "Sanders", "wrote"),
        ("The Boston Globe reported that the primary was close.", "that the primary was close", "The Boston Globe", "reported"),
        ('"The law is clear," Mayor Jane Smith said in a statement.', '"The law is clear,"', "Mayor Jane Smith", "said"),
        ('"Nobody has told us anything," a city official told Reuters.', '"Nobody has told us anything,"', "a city official", "told"),
        ('As the bus left, Dawson shouted "All the way!"', '"All the way!"', "Dawson", "shouted"),
        ("Sanders called for a ban on assault weapons.", "a ban on assault weapons", "Sanders", "called"),
        ("Clinton accused Trump of using divisive rhetoric.", "using divisive rhetoric", "Clinton", "accused"),
        ("The meeting was first reported by Politico.", "The meeting", "Politico", "reported"),
        ("Trump stood by his claim that the election was rigged.", "that the election was rigged", "his", "claim"),
        ("Trump bragged that the crowd was the biggest ever.", "that the crowd was the biggest ever", "Trump", "bragged"),
    ],
)
def test_each_reporting_form(quotes_of, text, content, speaker, cue):
    quote = only(quotes_of(text))
    assert (quote.text, quote.speaker, quote.cue) == (content, speaker, cue)


def test_according_to_before_and_after_the_content(quotes_of):
    first = only(quotes_of("According to the Census Bureau, the median income rose last year."))
    assert (first.text, first.speaker, first.cue) == ("the median income rose last year", "the Census Bureau", "According to")
    second = only(quotes_of("The median income rose last year, according to the Census Bureau."))
    assert (second.text, second.speaker) == ("The median income rose last year", "the Census Bureau")


def test_according_to_after_a_speaker_and_verb_is_where_the_words_were_found(quotes_of):
    quote = only(quotes_of('"Leave the old rules behind," he said, according to a translation provided by the Acme Monitoring Group.'))
    assert (quote.speaker, quote.cue) == ("he", "said")


def test_partial_quote_inside_reported_speech_is_mixed(quotes_of):
    quote = quotes_of('Warren said the bank had shown "a pattern of deceit" toward its customers.')[0]
    assert quote.kind == "mixed"
    assert quote.text == 'the bank had shown "a pattern of deceit" toward its customers'
    assert quote.speaker == "Warren"


def test_a_quotation_over_several_sentences_is_one_quote(quotes_of):
    quote = only(quotes_of('"We tried everything. Nothing worked. Now we wait," Mayor Lopez said.'))
    assert quote.text == '"We tried everything. Nothing worked. Now we wait,"'
    assert quote.kind == "direct"


def test_a_quotation_split_by_its_reporting_clause_is_one_quote(quotes_of):
    text = '"We tried everything," Lopez said. "Now we have to wait for the state to act."'
    quote = only(quotes_of(text))
    assert quote.text == text
    assert quote.speaker == "Lopez"


def test_a_quotation_resumed_after_its_reporting_clause_is_one_quote(quotes_of):
    text = '"It is a difficult issue," he said, "because it puts two competing rights in conflict."'
    quote = only(quotes_of(text))
    assert (quote.text, quote.cue) == (text, "said")


def test_a_statement_reported_inside_another_quote_is_part_of_it_not_a_quote_of_its_own(quotes_of):
    quote = only(quotes_of("Clinton said she thinks America is strongest when people work together."))
    assert (quote.text, quote.speaker, quote.cue) == ("she thinks America is strongest when people work together", "Clinton", "said")
    # A quotation inside keeps its own speaker.
    text = '"We will appeal," Doyle told the prosecutors in a meeting, the Examiner reported.'
    assert ('"We will appeal,"', "Doyle") in [(quote.text, quote.speaker) for quote in quotes_of(text)]


def test_a_quotation_after_a_second_verb_is_a_second_statement(quotes_of):
    text = '"Promise me you will keep your hands in sight," Blige sings to Clinton before asking her, "Where do we go from here now?"'
    # The first statement does not run on over the second (which the rules alone leave without a cue).
    assert [quote.text for quote in quotes_of(text)][:1] == ['"Promise me you will keep your hands in sight,"']
    told = '"Now that I am free to speak," he told the host, "it was demoralizing to work for him."'
    assert only(quotes_of(told)).text == told


def test_a_quotation_cut_short_by_its_reporting_clause_starts_at_its_first_part(quotes_of):
    # The parse takes the second part for the verb's complement; the first part is too short to stand alone.
    text = "''Hopefully,'' the president said, ''this museum can help us talk to each other.''"
    quote = only(quotes_of(text))
    assert (quote.text, quote.speaker) == (text, "the president")


def test_a_short_quotation_after_the_reporting_clause_continues_the_quote(quotes_of):
    text = '"They sue," he said. "Everybody sues, right?"'
    assert only(quotes_of(text)).text == text


def test_an_attribution_inside_the_speakers_description_does_not_end_the_quote(quotes_of):
    text = (
        '"It will not be easy for Rubio," said Representative Peter King, who endorsed Mr. Rubio on Tuesday. '
        '"There is no doubt that right now Trump is the favorite."'
    )
    quote = next(quote for quote in quotes_of(text) if quote.cue == "said")
    assert quote.text == text and quote.speaker.startswith("Representative Peter King")


def test_a_reporting_clause_inside_its_sentence_reports_both_halves(quotes_of):
    text = "The effects are difficult to predict, many economists say, because wages have never risen so fast."
    assert only(quotes_of(text)).text == text.rstrip(".")


@pytest.mark.parametrize(
    "text",
    ["The problem is that the bill failed in the Senate.", "The fact that taxes fell surprised the governor.", "She made sure the bill passed."],
)
def test_copulas_factive_nouns_and_causatives_do_not_attribute_their_clause(quotes_of, text):
    assert quotes_of(text) == []


def test_a_noun_with_a_that_clause_attributes_it(quotes_of):
    quote = only(quotes_of("The notion that taxes will fall next year is popular."))
    assert (quote.text, quote.cue) == ("that taxes will fall next year", "notion")


def test_a_reporting_clause_after_an_opening_phrase_reports_the_whole_sentence(quotes_of):
    text = "In his state, Christie said, first-time drug offenders are sent to treatment."
    assert only(quotes_of(text)).text == text.rstrip(".")


def test_curly_apostrophes_parse_like_straight_ones(quotes_of):
    quote = only(quotes_of("Most Americans say they don’t yet know enough about Sanders."))
    assert quote.text == "they don’t yet know enough about Sanders"


def test_a_comment_after_the_reported_clause_is_left_out(quotes_of):
    text = "Packer said the focus on Trump is taking a toll on him, pointing to the victories of Cruz."
    quote = next(quote for quote in quotes_of(text) if quote.cue == "said")
    assert quote.text == "the focus on Trump is taking a toll on him"


def test_an_opening_phrase_before_the_reporting_clause_is_not_content(quotes_of):
    quotes = quotes_of("Additionally, Trump said he would build a wall.")
    assert [quote.text for quote in quotes] == ["he would build a wall"]


def test_a_participle_of_the_same_speaker_does_not_end_the_quote(quotes_of):
    text = '"It was the biggest show in history," Trump said, referring to the debate. "Everybody watched it."'
    quote = next(quote for quote in quotes_of(text) if quote.cue == "said")
    assert quote.text == text.rstrip()


def test_a_quotation_set_off_by_a_dash_before_its_reporting_clause_leaves_the_narrative_out(quotes_of):
    text = 'He has railed against moving production to Mexico - "I love Oreos," he said, "I will never eat them again."'
    quote = next(quote for quote in quotes_of(text) if quote.cue == "said")
    assert quote.text == '"I love Oreos," he said, "I will never eat them again."'


def test_floating_and_multi_paragraph_quotes_keep_their_speaker(quotes_of):
    text = (
        'Kerry Doyle spoke to prosecutors on Monday. "As the memo explains, we favour dismissal," Doyle told them.\n\n'
        '"Even if you have spent a lot of time on the case, you should offer discretion.\n\n'
        '"That is the policy from now on," she said.\n\n'
        "The meeting ended early."
    )
    quotes = quotes_of(text)
    floating = next(quote for quote in quotes if quote.text.startswith('"Even if'))
    assert floating.speaker_canonical == "Kerry Doyle"
    assert floating.cue is None and floating.kind == "direct"
    assert "The meeting ended early" not in " ".join(quote.text for quote in quotes)


def test_a_quotation_left_open_runs_on_into_the_paragraph_that_reopens_it(quotes_of):
    text = (
        'Kerry Doyle told the prosecutors: "We have put our thumb on the scale in favour of dismissal.\n\n'
        '"Even if you have spent a lot of time on the case, you should offer discretion."\n\n'
        "The meeting ended early."
    )
    quote = only(quotes_of(text))
    assert quote.text.startswith('"We have put') and quote.text.endswith('offer discretion."')
    assert (quote.speaker, quote.cue) == ("Kerry Doyle", "told")


def test_pronouns_resolve_to_the_last_person_named(quotes_of):
    quotes = quotes_of("Kerry Doyle held meetings with prosecutors. She explained who should not be targeted.")
    quote = only(quotes)
    assert (quote.speaker, quote.speaker_canonical, quote.speaker_type) == ("She", "Kerry Doyle", "person")


def test_dash_signed_and_dash_introduced_quotes(quotes_of):
    signed = only(quotes_of("“He is ignorant of our culture and our lives.” ― Pamela Padilla"))
    assert (signed.speaker, signed.cue, signed.kind) == ("Pamela Padilla", "―", "direct")
    introduced = only(quotes_of("Maria Lopez, 24, a student ― “Donald Trump scares me and my family.”"))
    assert introduced.speaker == "Maria Lopez, 24, a student"


# --- quotation marks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, spans",
    [
        ('He said "yes" and left.', ['"yes"']),
        ("He said “yes” and left.", ["“yes”"]),
        ("He said ``yes'' and left.", ["``yes''"]),
        ("‘We will fight on,’ she said. Prosecutors’ files don’t lie.", ["‘We will fight on,’"]),
        ("”Mismatched marks still pair,” she said.", ["”Mismatched marks still pair,”"]),
    ],
)
def test_quotation_marks_pair(text, spans):
    assert [text[q.start : q.end] for q in find_quotations(text)] == spans


def test_an_unbalanced_mark_stops_at_its_paragraph(quotes_of):
    text = 'He said "we will never stop and left.\n\nThe second paragraph has no quotes.\n\nNeither has the third.'
    quotations = find_quotations(text)
    assert len(quotations) == 1 and not quotations[0].closed
    assert quotations[0].end == text.index("\n")
    assert all("second paragraph" not in quote.text for quote in quotes_of(text))


def test_stray_marks_never_crash(quotes_of):
    for text in ['"', '""', "“”“", 'a " b " c "', "‘’'", "He said: \"", "''"]:
        quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        'She starred in "Gone with the Wind" last year.',
        'The so-called "Gang of Eight" met on Monday.',
        'Donald "The Donald" Trump arrived late.',
        'The "reform" made things worse for renters.',
    ],
)
def test_titles_nicknames_and_scare_quotes_are_not_quotes(quotes_of, text):
    assert quotes_of(text) == []


def test_quotation_kind():
    assert quotation_kind('"We will win,"') == "direct"
    assert quotation_kind('the bank showed "a pattern of deceit"') == "mixed"
    assert quotation_kind("that the bank lied") == "indirect"
    assert quotation_kind("‘We will win,’") == "direct"


# --- the seed ------------------------------------------------------------------------------


def test_the_seed_articles_quotes(quotes_of, corpus_dir):
    quotes = quotes_of((corpus_dir / "seed_ice_amnesty.txt").read_text(encoding="utf-8"))

    def quote_starting(words: str):
        return next(quote for quote in quotes if quote.text.lstrip('"').startswith(words))

    amnesty = quote_starting("This is a de facto amnesty")
    assert (amnesty.speaker, amnesty.speaker_type, amnesty.cue) == ("an ICE federal prosecutor", "anonymous", "told")
    for words in ("As the memo explains", "Even if you"):
        assert quote_starting(words).speaker_canonical == "Kerry Doyle"
    congress = quote_starting("Congress hasn")
    assert (congress.speaker, congress.speaker_type) == ("an ICE federal prosecutor", "anonymous")
    examiner = quote_starting("that between 60,000 and 80,000")
    assert (examiner.speaker_canonical, examiner.speaker_type) == ("Washington Examiner", "outlet")
    trac = next(quote for quote in quotes if quote.cue == "according to" and "Transactional" in quote.speaker)
    assert trac.speaker_type == "document"
    sources = quote_starting("that they have been undercut")
    assert (sources.speaker, sources.speaker_type) == ("ICE sources", "anonymous")


# --- the learned tagger's spans: linking and the hybrid merge --------------------------------


def tagger_spans(text: str, *roles_and_words: tuple[str, str]):
    """The CharSpans a tagger would give for these (role, words) pairs of `text`."""
    from nlp.extract.attribution_tagger import CharSpan

    return [CharSpan(role, text.index(words), text.index(words) + len(words)) for role, words in roles_and_words]


def test_learned_contents_take_their_cue_and_the_cue_verbs_subject(quotes_of):
    from nlp.extract.quotes import QuoteFinder

    text = "Sanders said the campaign would win the state. The turnout will be high, according to the poll."
    doc = load_pipeline(resolve_model(None), None, "spacy")(text)
    doc._.attribution_spans = tagger_spans(
        text, ("CUE", "said"), ("CONTENT", "the campaign would win the state"), ("CONTENT", "The turnout will be high"), ("CUE", "according to"), ("SOURCE", "the poll")
    )
    quotes = QuoteFinder(doc).quotes("learned")
    assert [(quote.text, quote.speaker, quote.cue) for quote in quotes] == [
        ("the campaign would win the state", "Sanders", "said"),  # the parse's subject of the tagger's cue
        ("The turnout will be high", "the poll", "according to"),  # no verb: the tagger's source
    ]


def test_hybrid_keeps_quotations_and_confirmed_rules_and_adds_what_only_the_tagger_found(quotes_of):
    from nlp.extract.quotes import QuoteFinder

    text = 'Sanders said the campaign would win the state. "We will win," he added. Observers differ. The mood was tense.\nTurnout will be high, Warren claimed.'
    doc = load_pipeline(resolve_model(None), None, "spacy")(text)
    assert "Turnout will be high" in [quote.text for quote in doc._.quotes]  # the rules find it
    doc._.attribution_spans = tagger_spans(
        text, ("CONTENT", "the campaign would win"), ("CONTENT", '"We will win," he added'), ("SOURCE", "Observers"), ("CONTENT", "The mood was tense"), ("CONTENT", "Turnout")
    )
    merged = QuoteFinder(doc).quotes("hybrid")
    # The rules' quotation and the rule the tagger confirms stay (once each, with the rules' spans);
    # the rule the tagger does not confirm goes; the tagger's own content joins them with the tagger's
    # nearest source; a tagger content with neither source nor cue ("Turnout") is left out.
    assert [(quote.text, quote.speaker) for quote in merged] == [
        ("the campaign would win the state", "Sanders"),
        ('"We will win,"', "he"),
        ("The mood was tense", "Observers"),
    ]


def test_a_learned_participle_cue_takes_the_subject_of_the_clause_it_hangs_on(quotes_of):
    from nlp.extract.quotes import QuoteFinder

    text = "Biden hit back on Tuesday, accusing Trump of lying about the economy."
    doc = load_pipeline(resolve_model(None), None, "spacy")(text)
    doc._.attribution_spans = tagger_spans(text, ("CUE", "accusing"), ("CONTENT", "Trump of lying about the economy"))
    assert [(quote.speaker, quote.cue) for quote in QuoteFinder(doc).quotes("learned")] == [("Biden", "accusing")]


def test_a_learned_content_ends_at_its_paragraph(quotes_of):
    from nlp.extract.quotes import QuoteFinder

    text = "She explained who should not be targeted for deportation.\n\nThe paper obtained recordings of the meetings."
    doc = load_pipeline(resolve_model(None), None, "spacy")(text)
    doc._.attribution_spans = tagger_spans(text, ("CUE", "explained"), ("CONTENT", "who should not be targeted for deportation.\n\nThe paper obtained recordings"))
    assert [quote.text for quote in QuoteFinder(doc).quotes("learned")] == ["who should not be targeted for deportation"]
