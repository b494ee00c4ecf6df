"""Step 3 of claim extraction, the change: whether a claim is the size of a change, and its direction.

`change_before(span, context)` reads the word right before the number ("rose 5%", "fell by 2"),
`change_after` a change noun right after it ("a 20 percent drop"), and `governing_change` the verb
the parse hangs the number on, with words between them ("rose a further 3%", "lost another $2
million", "cut deaths by 30%"). Each returns "up", "down" or None; the directions of the
words are in `models/lexicons/change_words.tsv`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from nlp.extract.claim_amounts import claim_lexicons

if TYPE_CHECKING:
    from nlp.extract.claim_filters import ClaimContext

# How the size of a change hangs on its change verb: as its object or adverbial ("rose a further 3%", "gained
# $5"), or by "by" past the verb's object ("cut deaths by 30%"). Any "by" of a change verb or noun ("fell sharply,
# by 8%", "a rise by 5%") was tried: NewsQuant's check half lost a change (tag rejected-r13-change-by-parse).
SIZE_DEPS = frozenset({"dobj", "npadvmod", "advmod"})
# The head of a percentage ("per cent" ends in "cent") or of points on a scale ("picked up 5 points"): a size, not a thing.
SCALE_WORDS = frozenset({"%", "percent", "pct", "cent", "point"})
BY_OPENERS = frozenset({"either", "between"})  # words between "by" and the size of a change that open it
# Words an article opens before an amount after "by" ("by a record 9%", "by an estimated 5%"), by their tag, as the
# parse hangs them anywhere ("breakneck" and "record" as nouns with the percentage under them).
AMOUNT_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "VBN", "VBG", "RB"})
# Verbs that take away part of a stock the subject holds: the count they take is the size of a fall ("cut 1,200
# jobs", "shed 400 staff"). "lose" and "add" count events and gains too, which NewsQuant reads as levels ("lost 5
# games", "add ten users").
STOCK_CUTS = frozenset({"cut", "shed", "slash", "axe", "trim", "eliminate"})
# Their written forms start so ("cut", "axed", "trimming", "eliminates"): a text test far cheaper than finding the
# counted noun's parse, which most counts need not pay.
STOCK_CUT_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(word.rstrip('e') for word in STOCK_CUTS))})", re.IGNORECASE)
# A contest lost by an amount: the margin, no fall ("lost Iowa by 3 points", "lost by two runs"; "lost 5%" fell).
MARGIN_VERBS = frozenset({"lose"})
# A person or party "up" or "ahead" by points leads a race or poll: a margin, no rise ("the Dow was up 100 points" rose).
LEAD_WORDS = frozenset({"up", "ahead"})
LEADER_ENTITIES = frozenset({"PERSON", "NORP"})
ADVERB_CHANGES = frozenset({"off"})  # change words only as an adverb of the level ("shares were off 2%")
DIRECTION_AFTER = frozenset({"up", "down"})  # after a number, before COMPARED_WITH: "2% up on last year"
COMPARED_WITH = frozenset({"on", "from"})
COMPARATIVE_CHANGES = {"higher": "up", "more": "up", "lower": "down", "less": "down", "fewer": "down"}  # "N% higher than"
DATE_AFTER_THAN_TOKENS = 4  # "than [in the same period] of 2003", "than [a year ago]"
LEVEL_WORDS = frozenset({"to", "from", "at"})  # a level the parse hangs on the verb with the size ("by $5 to $84")
CONVERSION_TOKENS_MAX = 8  # the tokens of a bracketed conversion a bearing may follow: "(about 1,200 miles)"
# A bearing after a distance: "north", "south-east", "westward", "away" ("fell 2,000 km east of Cape Erimo").
BEARING = re.compile(r"(?:(?:north|south)-?(?:east|west)?|east|west)(?:ward|wards|erly)?|away")


def locates(span: Span) -> bool:
    """Whether a measure is a distance from a place, before a bearing (past a conversion in brackets): "fell into the
    ocean 2,000 kilometers (about 1,200 miles) east of Cape Erimo" says where, not by how much it fell."""
    doc, index = span.doc, span.end
    if index < len(doc) and doc[index].text == "(":
        index = next((token.i + 1 for token in doc[index : index + CONVERSION_TOKENS_MAX] if token.text == ")"), index)
    return index < len(doc) and BEARING.fullmatch(doc[index].lower_) is not None


def leads_contest(span: Span) -> bool:
    """Whether points after "up" or "ahead" (and "by") are a lead its subject or object, a person or party, holds ("a
    poll had Clinton up by 10 points", "Labour is up 5 points"; a headline's "Clinton up by 10 points" hangs it on the
    name), as "lost Iowa by 3 points" is a margin."""
    doc, index = span.doc, span.start - 1
    index -= index >= 0 and doc[index].lower_ == "by"
    if index < 0 or doc[index].lower_ not in LEAD_WORDS or span.root.lemma_.lower() != "point":
        return False
    word = doc[index]
    holders = [child for child in word.head.children if child.dep_ in ("nsubj", "dobj") and child.i < word.i]
    return any(holder.ent_type_ in LEADER_ENTITIES for holder in (*holders, word.head))


def _scale_size(amount: Span) -> bool:
    """A percentage or points with no "of" after them: the size of a change whatever verb moves it ("lifted shares 5
    percent", "raised rates 0.25 points"), where money or things are what the verb gets or moves ("raised $1bn",
    "capable of lifting 70 tons")."""
    doc = amount.doc
    return amount.root.lemma_.lower() in SCALE_WORDS and not (amount.end < len(doc) and doc[amount.end].lower_ == "of")


def _object_of_phrasal_verb(particle: Token, amount: Span) -> bool:
    """Whether the amount is what the particle's verb takes or gets: its object, an amount of money or things
    ("picked up $5m", "racked up $2bn") or a share of something ("make up 14% of", "takes up a third of"). A
    percentage or points with no "of" are the size of a change even as an object ("trending up 0.2%", "the Dow picked
    up 25 points"); a verb of movement's
    amount is mostly its adverbial ("went up 5%"), or comes after "by" ("marked up prices by 5%")."""
    root, doc = amount.root, amount.doc
    if particle.dep_ != "prt" or root.dep_ != "dobj" or root.head != particle.head:
        return False
    share = amount.end < len(doc) and doc[amount.end].lower_ == "of"
    return share or root.lemma_.lower() not in SCALE_WORDS


def _change_word(token: Token, context: ClaimContext, by: bool = False) -> str | None:
    """The direction a word says of the amount after it, or through its "by" when `by` (or for a percentage or points);
    "raise" says one only so."""
    lex, lemma = context.lex, token.lemma_.lower()
    said = lex.changes.get(token.lower_) or lex.changes.get(lemma)
    if not by and (token.lower_ in lex.by_changes or lemma in lex.by_changes):
        said = None  # "raised $1bn from the flotation": an amount it gets
    if token.lower_ in ADVERB_CHANGES and token.dep_ != "advmod":
        said = None  # "took off 20 minutes late": a particle; "the index was off 0.3%" fell
    if lemma in lex.verb_changes and token.pos_ != "VERB":
        said = None  # "a warm 25C afternoon", "the firm 5% rise": an adjective says a level, not a change
    if said is None and (token.dep_ == "prt" or _adverb_after_verb(token)):
        return _change_word(token.head, context, by)  # "cut back by 5%": the verb says it when its particle does not
    return said


def _adverb_after_verb(token: Token) -> bool:
    """An adverb right after its verb, as a particle the parse reads as an adverb in the passive or after an
    intransitive verb ("were cut back by 5%", "fell back by 2%") or a manner word ("fell sharply by 8%")."""
    return token.dep_ == "advmod" and token.head.pos_ == "VERB" and token.head.i == token.i - 1


def _verb_change(verb: Token, amount: Span, context: ClaimContext, by: bool = False) -> str | None:
    """The direction a verb says, or failing that its particle, unless the amount is its object: "wrote down its
    stake by $1bn", "marked prices up"; "picked up $5m" none."""
    particles = [child for child in verb.children if child.dep_ == "prt" and not _object_of_phrasal_verb(child, amount)]
    by = by or _scale_size(amount)
    return _change_word(verb, context, by) or (_change_word(particles[0], context, by) if particles else None)


def _by_before_modified_amount(span: Span) -> int | None:
    """The index of "by" before an article and one or two modifiers of the amount ("expanded by a breakneck 9.5%",
    "fell by an estimated 5%"), else None."""
    doc = span.doc
    for by in (span.start - 3, span.start - 4):
        if by >= 0 and doc[by].lower_ == "by" and doc[by + 1].lower_ in ("a", "an") and all(doc[k].tag_ in AMOUNT_MODIFIER_TAGS for k in range(by + 2, span.start)):
            return by
    return None


def change_before(span: Span, context: ClaimContext) -> str | None:
    """ "rose 5%", "up 9.4 per cent", "fell by 2", "+0.2%": the direction the word before the number says."""
    doc, index = context.doc, span.start - 1
    index = _by_before_modified_amount(span) or index
    if index >= 1 and doc[index].lower_ in BY_OPENERS and doc[index - 1].lower_ == "by":
        index -= 1  # "increase by either 49 percent or by 27 percent", "have fallen by between 40-70%"
    by = index >= 0 and doc[index].lower_ == "by"
    if by:
        index -= 1
    if index < 0 or (by and doc[index].lemma_.lower() in MARGIN_VERBS):
        return None
    if _object_of_phrasal_verb(doc[index], span):
        return _change_word(doc[index].head, context)  # "picked up $5m": only the verb's own word, never its particle
    return _change_word(doc[index], context, by or _scale_size(span))


def noun_change(lemma: str) -> str | None:
    """The direction a noun of change says ("drop", "increase"), None for any other noun."""
    lexicons = claim_lexicons()
    return None if lemma in lexicons.verb_changes else lexicons.changes.get(lemma)


def change_after(span: Span, context: ClaimContext) -> str | None:
    """ "a 20 percent drop": a change noun right after the number; "sales were 2% up on last year", "3.2 percent down
    from May": "up" or "down" after it, set against an earlier time by "on" or "from"."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].pos_ == "NOUN":
        return noun_change(doc[end].lemma_.lower())
    if end + 1 < len(doc) and doc[end].lower_ in DIRECTION_AFTER and doc[end].dep_ != "prt" and doc[end + 1].lower_ in COMPARED_WITH:
        return doc[end].lower_
    return _compared_with_earlier_time(span)


def _compared_with_earlier_time(span: Span) -> str | None:
    """ "36% higher than a year ago", "15% lower than in the same period of 2003": a comparative and "than" a date
    after the amount make it the change between the two times; "closed 3% higher" and "5% higher than expected" stay
    levels, as NewsQuant writes them (rejected-h13r28-comparative-after)."""
    doc, end = span.doc, span.end
    if end + 2 >= len(doc) or doc[end].lower_ not in COMPARATIVE_CHANGES or doc[end + 1].lower_ != "than":
        return None
    dated = any(token.ent_type_ == "DATE" for token in doc[end + 2 : end + 2 + DATE_AFTER_THAN_TOKENS])
    return COMPARATIVE_CHANGES[doc[end].lower_] if dated else None


def change_noun_of(span: Span) -> str | None:
    """ "an increase of 4% on the year", "a fall of 0.3 points": a percentage or points after the "of" of a change
    noun are its size; money or things there are a level ("a loss of 63 cents", "a rise of 300 jobs" stays none)."""
    root = span.root
    of = root.head
    if root.dep_ != "pobj" or of.lower_ != "of" or of.dep_ != "prep" or of.head.pos_ != "NOUN" or not _scale_size(span):
        return None
    if root.lower_.startswith("cent") and not (root.i > 0 and root.doc[root.i - 1].lower_ == "per"):
        return None  # "a loss of 63 cents": money, not "per cent"
    return noun_change(of.head.lemma_.lower())


def _is_size(token: Token) -> bool:
    """Whether a word hangs on its verb as the size of a number: "rose 4%" ("%" with its number), "gained 5"."""
    return token.dep_ in SIZE_DEPS and (token.like_num or any(child.dep_ == "nummod" for child in token.children))


def governing_change(span: Span, context: ClaimContext) -> str | None:
    """The direction of the change verb the parse makes the number the object or adverbial of, with words
    between them ("rose a further 3%", "lost another $2 million"), or the object of its "by" after the verb's own
    object ("cut deaths by about 30%"), or a number joined by "and" to such a size ("rose 4% in March and 6% in
    April"); None for a level ("rose 5% to $84")."""
    root = span.root
    if span.start > 0 and span.doc[span.start - 1].lower_ in LEVEL_WORDS:
        return None
    head = root.head
    by = root.dep_ == "pobj" and head.lower_ == "by"
    if by:
        root, head = head, head.head  # "cut deaths by about 30%": the verb's "by" past its object
        if root.dep_ != "prep" or not any(child.dep_ == "dobj" for child in head.children) or head.lemma_.lower() in MARGIN_VERBS:
            return None
    elif root.dep_ == "conj" and not any(_is_size(child) for child in head.children if child is not root):
        return None  # "rose 4% in March and 6% in April": a size joined to the verb's size; "and margins were 3%" is none
    elif root.dep_ not in SIZE_DEPS and root.dep_ != "conj":
        return None
    return _verb_change(head, span, context, by) if head.pos_ == "VERB" else None


def may_cut_stock(sentence: str) -> bool:
    """Whether a sentence's text holds a word that may be one of STOCK_CUTS, before `count_cut` asks the parse."""
    return STOCK_CUT_WORDS.search(sentence) is not None


def count_cut(noun: Token | None) -> str | None:
    """ "cut 1,200 jobs": "down" when the counted noun is the object of a verb that cuts a stock, else None (and for
    a count whose noun is left out)."""
    return "down" if noun is not None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in STOCK_CUTS else None
