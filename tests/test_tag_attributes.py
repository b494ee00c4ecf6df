"""presslens_tag_attributes sets what the model's attribute ruler sets, which stays loaded but no longer runs."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from nlp.extract.pipeline import resolve_model
from nlp.extract.tag_attributes import TagTable, use_tag_table

TEXTS = [
    "This isn't that: they're gonna say I ain't sure, and he gave it to I.",
    "Nothin' was said.  The firm's shares, which rose 5%, fell on Monday.\n\nDon’t wait.",
    "",
]
ATTRIBUTES = [TAG, POS, MORPH, LEMMA, DEP]


def test_tag_table_sets_the_attributes_of_the_models_ruler():
    plain = spacy.load(resolve_model(None), exclude=["lemmatizer", "ner"])
    tabled = spacy.load(resolve_model(None), exclude=["lemmatizer", "ner"])
    use_tag_table(tabled)
    assert "attribute_ruler" not in tabled.pipe_names and "presslens_tag_attributes" in tabled.pipe_names
    expected = [(doc.to_array(ATTRIBUTES).tolist(), [str(token.morph) for token in doc]) for doc in plain.pipe(TEXTS)]
    assert [(doc.to_array(ATTRIBUTES).tolist(), [str(token.morph) for token in doc]) for doc in tabled.pipe(TEXTS)] == expected


def test_later_patterns_win_as_in_spacys_ruler():
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"MORPH": "Number=Plur"}},  # the same tag again: it wins
        {"patterns": [[{"LOWER": "x", "TAG": "NN"}], [{"LOWER": "y"}]], "attrs": {"POS": "PROPN", "LEMMA": "ex"}},
        {"patterns": [[{"LOWER": {"IN": ["x", "z"]}, "TAG": {"NOT_IN": ["VB"]}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "a"}, {"LOWER": "x"}]], "attrs": {"LEMMA": "the-x"}, "index": 1},
    ])
    table = TagTable(nlp.vocab, ruler, "table")
    words, tags = ["a", "x", "y", "X", "z", "b"], ["DT", "NN", "NN", "NN", "VB", "NN"]
    expected = ruler(Doc(nlp.vocab, words=words, tags=tags))
    got = table(Doc(nlp.vocab, words=words, tags=tags))
    assert table.longer_numbers == [4] and len(table.pos_morph) == 1
    assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [(t.pos_, str(t.morph), t.lemma_) for t in expected]
    assert [t.pos_ for t in got] == ["", "X", "PROPN", "X", "", "NOUN"] and got[1].lemma_ == "the-x"
