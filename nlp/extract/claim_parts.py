"""Step 3 of claim extraction: what the parse around a claim says about it.

Each function takes the claim's token span (and the document's `ClaimContext`) and returns one column: the change
("rose 5%"), the counted noun and its lemma (the unit of a count) and the quantity phrase (`claim_attribution` gives
the time expression and the source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from nlp.extract.claim_amounts import TIME_UNITS, claim_lexicons
from nlp.extract.claim_direction import noun_change
from nlp.extract.claim_lines import crosses_line
from nlp.extract.claim_models import inside_model, is_model_code
from nlp.extract.claim_polls import is_amount, past_as_modifier, share_whole
from nlp.lexicons import word_list

if TYPE_CHECKING:
    from nlp.extract.claim_filters import ClaimContext

QUANTITY_MAX_TOKENS = 8
# Verbs that say nothing about what happened to what is counted ("has 5 cases", "hit 20 goals").
LIGHT_VERBS = frozenset({"be", "have", "get", "make", "take", "do", "include", "see", "give", "hit", "reach", "total", "number", "contain"})
# Modifiers of a counted noun written before its number that say what kind: "the top three seeds", "a record 32 goals".
KIND_MODIFIERS = frozenset({"amod", "compound", "nmod"})
KIND_WORDS = frozenset({"ADJ", "NOUN", "PROPN"})  # ... and the parts of speech that say it (not "the played 65 snaps")
SETTING_APART = "other"  # before a number, a word of the article's ("the other two"), not of the counted noun
RATE_WORDS = frozenset({"per", "a", "an", "each"})  # "3,000 tests per day"
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})  # an amount before the noun it describes
# Clauses whose missing subject is their head's: "..., falling 14%", "hoping to raise $5m", "rose 5% and closed at $9".
CONTROLLED_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "npadvmod", "dobj", "acomp"})
LINE_SUBJECT_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss"})  # words before the noun a line opens with
MEASURED_HEADS_MAX = 6  # heads walked up from the amount to its clause's verb and that verb's controller
NOUN_PHRASE_RIGHTS = frozenset({"prep", "amod", "compound", "nummod"})
# Complements that say what state counted things are left in: "left 50 dead", "leaving 202 injured", "59 are dead".
STATE_DEPS = frozenset({"oprd", "acomp", "xcomp"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "you"})  # not "we", "they": "at one point we were 11" counts
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
OWNER_WORDS_MAX = 3  # "the price of Brent crude oil" -> "Brent crude oil price"
STATISTIC_NOUNS = frozenset({"average", "total", "sum", "amount", "figure", "level", "maximum", "minimum", "time"})
AGE_NOUNS = frozenset({"year", "month", "week", "day"})  # "a 31-year-old native": an age says a person is meant


def counted_noun(span: Span) -> Token | None:
    """The noun a bare number counts: "2 million backlogged cases" -> cases (skipping modifiers and "of the"), or
    the noun before "or" when none follows ("a day or two", "another pick or two")."""
    return _noun_after(span) or _noun_before_or(span) or _changed_subject(span)


def _changed_subject(span: Span) -> Token | None:
    """The plural subject of the change verb a bare number is a level of: "the seats increased from 9 to 10"
    counts seats ("prices rose to 12" too; a singular subject, "the index rose to 12", is a measure, not a count)."""
    head = span.root
    while head.dep_ in ("pobj", "prep") and head.head is not head:
        if head.dep_ == "prep" and head.lower_ not in ("from", "to"):
            return None  # "rose by 3 to 4 million": the size of a change, not a level of the subject
        head = head.head
    if head.pos_ != "VERB" or head.lemma_.lower() not in claim_lexicons().changes or any(child.dep_ == "dobj" for child in head.children):
        return None  # "techniques reduce the number of microbes to 300": what a transitive change changes is its object
    subjects = [child for child in head.children if child.dep_ == "nsubj" and child.tag_ == "NNS"]
    return subjects[0] if subjects else None


def _noun_before_or(span: Span) -> Token | None:
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "or" or doc[span.start - 2].pos_ != "NOUN":
        return None
    return doc[span.start - 2] if span.end == len(doc) or doc[span.end].pos_ not in ("NOUN", "PROPN") else None


def _noun_after(span: Span) -> Token | None:
    doc = span.doc
    if _hyphened_noun(span):
        return doc[span.end + 1]  # "a six-cylinder engine" counts cylinders, not engines
    modified = span.root.head.i if span.root.dep_ == "nummod" else -1  # the noun the number modifies, if it does
    for index in range(span.end, min(span.end + 5, len(doc))):
        token = doc[index]
        if crosses_line(doc, index - 1, index + 1):
            return None  # "up 3.3 pct\nNOTE", "45 Tests\nJohn Brown": the next line is no part of the noun
        if index > span.end and is_model_code(doc[index - 1]) and token.tag_ == "VBZ":
            return token  # "5 million PS4 consoles": the small tagger takes the plural after a model for a verb
        in_own_date = token.ent_iob_ == "I" and doc[index - 1].ent_type_ == token.ent_type_ and token.lower_ != "of" and modified >= index
        if token.ent_type_ in ("DATE", "TIME") and not in_own_date and not (token.dep_ in ("compound", "amod") and index < modified and not doc[modified].ent_type_):
            return None  # "3bn last year", "the first half of this year" count no years; "twenty working days", "four Super Tuesday states", "5m monthly users" do ("2.1 last year" none)
        if inside_model(doc, index, span.end):
            continue  # "10 737-800 planes", "40 F-16 fighters", "200,000 iPhone 6 handsets": a model says what kind
        if token.pos_ == "NOUN" or token.tag_ == "NNPS":
            return _modified_noun(token)
        named = token.pos_ == "PROPN" and span.root.head.i == token.i and span.root.dep_ == "nummod" and "." not in span.text
        if named and not any(child.dep_ == "compound" for child in token.children):  # not "Update 5.50", a version
            return token  # "One Rohingya", "two Kennedys": a one-word name the number modifies counts its bearers
        # A proper noun may say what kind ("five Premier League clubs"), a name open with a number word ("three Six Nations games").
        modifier = (token.pos_ == "PROPN" or (token.like_num and token.is_title)) and token.head.i > token.i
        # "21 of our girls": a possessive determines the whole, as "the" does; "178 'sound recordings'", "100 'unbound' delegates".
        if not (modifier or token.pos_ in ("ADJ", "DET") or token.tag_ in ("VBN", "VBG", "PRP$", "``", "''") or past_as_modifier(token, span) or token.text in ("-", "of") or _joins_kinds(token)):
            return None
    return None


def _modified_noun(token: Token) -> Token:
    """The noun a noun modifies, if it does: "working days" -> days, "league and cup goals" -> goals ("cup" is
    joined to the modifier "league"), else the noun itself."""
    while True:
        if crosses_line(token.doc, token.i, token.head.i):
            return token  # "pct\nNOTE": a noun never modifies one on the next line
        if token.dep_ in KIND_MODIFIERS and token.head.i > token.i:
            token = token.head
        elif token.dep_ == "conj" and token.head.dep_ in KIND_MODIFIERS and token.head.head.i > token.i:
            token = token.head.head
        else:
            return token


def _joins_kinds(token: Token) -> bool:
    """Whether a conjunction joins two words that say what kind, inside one noun phrase ("civil and military
    firms", "business and political leaders")."""
    return token.dep_ == "cc" and token.head.dep_ in KIND_MODIFIERS and token.head.i < token.i < token.head.head.i


def _hyphened_noun(span: Span) -> bool:
    """Whether a noun is joined to the number by a hyphen: "six-cylinder", "10-point"."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "-":
        return False
    return not doc[span.end - 1].whitespace_ and not doc[span.end].whitespace_ and doc[span.end + 1].pos_ == "NOUN"


def _short_text(tokens: Span) -> str | None:
    return tokens.text if 0 < len(tokens) <= QUANTITY_MAX_TOKENS else None


def _head_lemma(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    if noun.tag_ == "NNPS" and lemma == noun.lower_:  # the lemmatizer keeps plural proper nouns: "Americans"
        lemma = lemma.removesuffix("s")
    return lemma


def noun_unit(span: Span, noun: Token) -> str:
    """The counted noun's lemma with its noun compounds: "heart transplants" -> "heart transplant" (not the
    number's own scale word, which the parser may take for one: "1.2 lakh units")."""
    compounds = [child.lemma_.lower() for child in noun.lefts if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i >= span.end and not is_model_code(child)]
    return " ".join([*compounds, _head_lemma(noun)])


def counted_phrase(span: Span, noun: Token) -> str:
    """What a count counts, in full, as a reader (and NewsQuant) names it: the counted noun's lemma with the words
    that say what kind, before the number ("the top three seeds", "a record 32 goals") or after it ("seven European
    countries", "14 first-team players"), a bare "of" complement ("1 million barrels of oil") and a rate ("3,000
    tests per day"); lower-cased. `noun_unit` keeps the noun and its compounds only, so that counts group."""
    doc, first = span.doc, span.start
    while first > 0 and doc[first - 1].head.i == noun.i and doc[first - 1].dep_ in KIND_MODIFIERS and doc[first - 1].pos_ in KIND_WORDS:
        first -= 1
    between = span.end + 1 if _hyphened_noun(span) else span.end  # not the hyphen of "six-cylinder"
    owned = max([between, *(child.right_edge.i + 1 for child in noun.lefts if child.dep_ == "poss" and child.i >= between)])
    between = owned + int(owned > between and doc[owned].pos_ == "NUM")  # an owner says whose, not what kind; the number after it counts the whole ("the world's 500 largest firms")
    # "The other two camp elects": before the number "other" goes with the article, picking which (GUM's gold drops
    # it); after it, it stays as written ("five other countries", which GUM's check half keeps, rejected-h13r25-other).
    before = [token for token in doc[first : span.start] if token.lower_ != SETTING_APART]
    kept = [token for token in [*before, *doc[between : noun.i]] if _says_kind(token)]
    words = "".join(token.text + token.whitespace_ for token in kept)
    phrase = f"{words} {_head_lemma(noun)}{_conjoined_noun(noun)}"
    after = doc[noun.i + 1 : noun.i + 3]
    if len(after) == 2 and after[0].lower_ == "of" and after[1].pos_ == "NOUN" and after[1].head.i == after[0].i:
        phrase += f" of {after[1].lemma_}"  # "barrels of oil"; not "cases of the disease", which names a whole
    elif len(after) == 2 and after[0].lower_ in RATE_WORDS and after[1].lemma_.lower() in TIME_UNITS:
        phrase += f" per {after[1].lemma_}"
    return " ".join(phrase.lower().split()).lstrip("-")  # "three of the rocket's nine-engine cores": no number, no hyphen


def _conjoined_noun(noun: Token) -> str:
    """ " and woman" for "thousands of dedicated men and women": a plural joined by "and" to the plural counted
    noun with no number of its own is counted with it ("300 men and 20 women" are two counts; "cars or trucks"
    counts either); "" when none is."""
    conjoined = [child for child in noun.rights if child.dep_ == "conj" and child.tag_ == "NNS" and noun.tag_ == "NNS"]
    joints = [child for child in noun.rights if child.dep_ == "cc" and child.lower_ == "and"]
    if len(conjoined) != 1 or len(joints) != 1 or any(child.dep_ == "nummod" or child.like_num for child in conjoined[0].subtree):
        return ""
    return f" {joints[0].lower_} {_head_lemma(conjoined[0])}"


def _says_kind(token: Token) -> bool:
    """A word of a counted phrase: a noun, adjective or participle, or the hyphen inside "first-team"."""
    if token.text == "-":
        return not token.doc[token.i - 1].whitespace_ and not token.whitespace_
    return _joins_kinds(token) or token.pos_ in KIND_WORDS or token.tag_ in ("VBN", "VBG") or is_model_code(token)


def _has_date(token: Token) -> bool:
    return any(child.ent_type_ in ("DATE", "TIME") for child in token.subtree)


def _predicate(span: Span, noun: Token) -> Token | None:
    """The verb that says what happened to the counted things: killed, injured, closed, fled (not "be", "have")."""
    holder = noun
    # "Dozens of people were killed": the number is the subject and the noun hangs on its "of".
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and span.start <= noun.head.head.i < span.end:
        holder = noun.head.head
    verb = holder.head
    state = verb_state(verb, holder) if holder.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if state is not None:
        return state  # "left 30 people dead", "59 people are dead"
    if verb.pos_ != "VERB" or verb.lemma_.lower() in LIGHT_VERBS:
        return None
    if holder.dep_ in ("nsubjpass", "dobj"):
        return verb
    # "20 people died", not "5,000 people signed the petition" (what they did to something else).
    if holder.dep_ == "nsubj" and not any(child.dep_ in ("dobj", "ccomp", "xcomp") for child in verb.children):
        return verb
    return None


def _noun_words(span: Span, noun: Token) -> str:
    """The counted noun with the words between it and its number: "2 million [backlogged cases]"."""
    first = span.end + 1 if _hyphened_noun(span) else span.end  # "a two-run homer": not the hyphen
    doc = span.doc
    if first < noun.i and doc[first].lower_ == "of":
        first += 2 if doc[first + 1].pos_ == "DET" or doc[first + 1].tag_ == "PRP$" else 1  # "21 of our girls": girls
    return doc[min(first, noun.i) : noun.i + 1].text


def _noun_alone(noun: Token, words: str) -> str | None:
    """A counted noun with no predicate, or None when it says nothing alone (models/lexicons/empty_quantities.txt)."""
    return None if noun.lemma_.lower() in word_list("lexicons/empty_quantities.txt") else words


def elided_quantity(number: Span, noun: Token, verb: Token | None) -> str | None:
    """The quantity of a count whose noun is left out: the noun its conjunct counts (after that conjunct's `number`)
    with the count's own predicate, "people wounded" for "killed 50 people and wounded over 400"."""
    words = _noun_words(number, noun)
    return f"{words} {verb.text}" if verb is not None else _noun_alone(noun, words)


def noun_phrase_quantity(span: Span, noun: Token) -> str | None:
    """The counted noun with its modifiers, and what happened to it: "people killed", "migrants released into the
    U.S."; None when the noun alone says nothing ("person", "way", "photos": models/lexicons/empty_quantities.txt)."""
    doc = span.doc
    words = _noun_words(span, noun)
    verb = _predicate(span, noun)
    if verb is None:
        return _noun_alone(noun, words)
    words += f" {verb.text}"
    if noun.dep_ == "dobj":
        # "released 1,049,532 migrants into the U.S." -> "migrants released into the U.S.".
        # A phrase holding a number of its own is no place ("employs 50,000 people, with about 7,000 in the UK").
        places = [child for child in verb.children if child.dep_ == "prep" and child.i > noun.i and not _has_date(child) and not any(word.like_num for word in child.subtree)]
        place = _short_text(doc[places[0].i : places[0].right_edge.i + 1]) if places else None
        if place:
            words += f" {place}"
    return words


def verb_state(verb: Token, argument: Token) -> Token | None:
    """The state a verb leaves its subject or object (`argument`) in: "left 50 dead", "59 are dead", or a participle
    right after the object ("leaving 202 injured"; not "sold 500 cars, compared with 400")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for child in verb.children:
        said = child.dep_ in STATE_DEPS or (child.dep_ == "advcl" and child.i == argument.right_edge.i + 1)
        if said and child.i > argument.i and (child.pos_ == "ADJ" or child.tag_ == "VBN"):
            return child
    return None


def measured_quantity(span: Span, actor: str = "thing", own_line: bool = True) -> str | None:
    """What a money, percent or measurement claim measures: "5% of its workforce", the noun the amount modifies ("a
    97.9-mph fastball", "a $5,000 car"), or the subject of its clause; a participle or infinitive with no subject of
    its own takes its controller's ("Prices fell, hitting $5,920", "the price of bitcoin, falling 14% to $5,920").
    `actor` says which subject may be measured: "thing", no person ("the driver drove the truck at 40mph" measures
    the truck, "she faces up to 14 years" nothing named); "person" for an age, which measures one; "none" for a time
    of day, which dates an act, not its subject. `own_line`: when the parse takes the subject from a line above (a
    caption), measure the noun phrase opening the amount's own line instead of nothing."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        objects = [child for child in doc[span.end].children if child.dep_ == "pobj"]
        if objects:
            return _short_text(doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
    head = span.root
    described = head.head.i >= span.end and not crosses_line(doc, span.start, head.head.i)
    if described and head.dep_ in MODIFIER_DEPS and head.head.pos_ == "NOUN" and not _is_change_noun(head.head):
        # "a 97.9-mph fastball"; not "a 20 percent drop"; "a $16bn (£8.5bn) takeover" leaves out the conversion.
        closing = [token.i + 1 for token in doc[span.end : head.head.i] if token.text == ")"]
        return _short_text(doc[max([span.end, *closing]) : head.head.i + 1])
    if head.dep_ in MODIFIER_DEPS and _is_change_noun(head.head) and head.head.i >= span.end:
        changed = [word for prep in head.head.rights if prep.lower_ in ("in", "of") for word in prep.children if word.dep_ == "pobj"]
        if changed:  # "a 2% rise in railway revenue" measures the revenue
            return _noun_phrase(changed[0])
    described = _described_noun(head)
    if described is not None:
        return _short_text(doc[span.end : described.i + 1]) if described.i > head.i else _noun_phrase(described)
    owner = _of_owner(head) if actor == "thing" else None  # "at the age of 80" measures a person, not "the age"
    if owner is not None:
        return _short_text(doc[owner.left_edge.i : owner.i + 1])  # "net profits of 400m euros", "a fine of £22,000"
    for _ in range(MEASURED_HEADS_MAX):
        if head.pos_ in ("VERB", "AUX"):
            subjects = [child for child in head.children if child.dep_ in ("nsubj", "nsubjpass") and not span.start <= child.i < span.end]
            subject = subjects[0] if subjects else head.head if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN") else None
            if subject is not None and is_amount(subject):  # "..., while 23% favored B": the whole of the 23% (people too)
                subject, actor = share_whole(subject), "person"
            if subject is not None:  # "It rose 5%": a pronoun names nothing
                if crosses_line(doc, subject.i, span.start):  # a caption's or headline's subject
                    subject = _line_subject(span) if own_line else None
                if subject is None or subject.pos_ == "PRON":
                    return None
                measured = actor == "person" or (actor == "thing" and not names_a_person(subject))
                return _noun_phrase(subject) if measured else _acted_on(head, span)
            if head.dep_ not in CONTROLLED_DEPS:
                return None
        if head.head is head:
            break
        head = head.head
    return None


def names_a_person(token: Token) -> bool:
    """A personal pronoun, a person's name, a noun for a person ("the grandmother", "a driver") or a noun an age
    describes ("a 31-year-old native")."""
    if token.lower_ in PERSON_PRONOUNS or token.ent_type_ == "PERSON":
        return True
    if token.pos_ != "NOUN":
        return False
    aged = any(child.lower_ == "old" and any(part.lemma_ in AGE_NOUNS for part in child.children) for child in token.children)
    return aged or token.lemma_.lower() in word_list("lexicons/person_nouns.txt")


def _acted_on(verb: Token, span: Span) -> str | None:
    """The verb's object when the amount is not it and it is no person: what the act measured moved or weighed."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ != "PRON" and not span.start <= child.i < span.end and not names_a_person(child):
            whole = share_whole(child) if is_amount(child) else child  # "took 61% of the vote to his rival's 39%"
            return _noun_phrase(whole) if whole is not None else None
    return None


def _line_subject(span: Span) -> Token | None:
    """The noun of the noun phrase that opens the amount's own line, when the parser joined that line to a caption
    or headline above it ("Photograph: Getty Images\nThe price of bitcoin ... falling 14%": the price); None when
    the line opens otherwise ("In 2019, ...") or that phrase names a person."""
    doc = span.doc
    word = next((token for token in reversed(doc[span.sent.start : span.start]) if "\n" in token.text_with_ws), None)
    head = doc[word.i + 1] if word is not None else span.root
    while head.dep_ in LINE_SUBJECT_DEPS and head.i < head.head.i < span.start:
        head = head.head  # "The" -> "price"
    return head if head.pos_ == "NOUN" and head.i < span.start and not names_a_person(head) else None


def _described_noun(root: Token) -> Token | None:
    """The noun an amount describes through the word it sizes: a comparative before the noun ("15% more passengers",
    "30% less fuel") or an adverb of movement after it ("with like-for-like sales up 6%", "shares down 3%")."""
    word = root.head
    if root.dep_ != "npadvmod" or word.head.pos_ != "NOUN":
        return None
    if word.dep_ == "amod" and word.tag_ in ("JJR", "RBR") and word.head.i > word.i:
        return word.head
    return word.head if word.dep_ == "advmod" and word.head.i < root.i else None


def _of_owner(root: Token) -> Token | None:
    """The noun an amount is the "of" complement of, which names what it measures ("a loss of 984m euros", "an
    investment of $6.5m"); None for a change noun ("an increase of 5%": the subject changes) or a noun that names
    a statistic, not a thing ("grew by an average of 3%": the subject is what is averaged)."""
    of = root.head
    if root.dep_ != "pobj" or of.lower_ != "of" or of.dep_ != "prep" or of.head.pos_ != "NOUN" or of.head.i > root.i:
        return None
    return None if _is_change_noun(of.head) or of.head.lemma_.lower() in STATISTIC_NOUNS else of.head


def _is_change_noun(noun: Token) -> bool:
    return noun_change(noun.lemma_.lower()) is not None


def _noun_phrase(noun: Token) -> str | None:
    """A noun with the words before it and its prepositional phrases ("Prices on CoinDesk's index"), or without the
    phrases when that is too long; not its clauses, appositions or what the parse hangs on it after them."""
    end = noun.i
    for child in noun.rights:
        if child.dep_ not in NOUN_PHRASE_RIGHTS:
            break
        end = child.right_edge.i
    start = noun.left_edge.i
    return _owner_first(noun) or _short_text(noun.doc[start : end + 1]) or _short_text(noun.doc[start : noun.i + 1])


def _owner_first(noun: Token) -> str | None:
    """ "the price of bitcoin" -> "bitcoin price", "the value of the deal" -> "deal value": a common noun whose one
    complement is "of" and a short singular noun names its owner first, as news writes a measured thing;
    None for any other phrase (more modifiers, an owner with phrases of its own, a person, a name as head)."""
    rights = list(noun.rights)
    if noun.pos_ != "NOUN" or len(rights) != 1 or rights[0].lower_ != "of" or any(child.dep_ != "det" for child in noun.lefts):
        return None
    owners = [child for child in rights[0].children if child.dep_ == "pobj"]
    if len(owners) != 1 or owners[0].n_rights or owners[0].tag_ in PLURAL_TAGS or owners[0].pos_ == "PRON" or names_a_person(owners[0]):
        return None  # "the number of migrants" counts them: a plural complement is what is measured
    words = [token.text for token in owners[0].lefts if token.dep_ != "det" and not token.n_lefts] + [owners[0].text]
    return " ".join([*words, noun.lower_]) if len(words) <= OWNER_WORDS_MAX else None
