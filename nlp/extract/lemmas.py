"""Lemmas: spaCy's own lemmatizer, asked once per distinct word form instead of once per token.

`use_cached_lemmas(pipeline)` puts the `presslens_lemmas` component in place of
the model's "lemmatizer" (which stays in the pipeline, disabled, as the source
of every lemma). The component sets on each token of a Doc the lemma that
spaCy's lemmatizer would set, taking it from a table keyed by what that
lemmatizer reads (the word, its part of speech and its morphology), so a
document costs one array read and write plus a dictionary look-up per token.
spaCy's lemmatizer builds a Token object and a morphology dictionary for every
token, even where it has seen the same form before. The lemmatizer's word
index also becomes sets: its rules ask whether a form is a known word, which
in spaCy's lists of up to 57,528 words took nine tenths of its time (about a
tenth of spaCy's own CPU time on news text); a dict's keys answer the same.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

LEMMATIZER = "lemmatizer"
# The modes whose lemma depends only on the token's text, part of speech and morphology.
KEYED_MODES = {"rule", "lookup"}


class CachedLemmas:
    """The lemmas of `lemmatizer` (a spaCy Lemmatizer), remembered per (word, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemma_of: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        for position, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not self.lemmatizer.overwrite:  # set before (the attribute ruler's exceptions)
                continue
            found = self.lemma_of.get((orth, pos, morph))
            if found is None:
                found = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[position])[0])
                self.lemma_of[(orth, pos, morph)] = found
            lemmas[position] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("presslens_lemmas", requires=["token.pos", "token.morph"], assigns=["token.lemma"])
def make_cached_lemmas(nlp: Language, name: str) -> CachedLemmas:
    """The component over the pipeline's (disabled) spaCy lemmatizer."""
    return CachedLemmas(nlp.get_pipe(LEMMATIZER))


def use_cached_lemmas(pipeline: Language) -> None:
    """Run `presslens_lemmas` where the model's lemmatizer ran, when that lemmatizer's lemmas can be keyed."""
    if LEMMATIZER not in pipeline.pipe_names or pipeline.get_pipe(LEMMATIZER).mode not in KEYED_MODES:
        return
    index = pipeline.get_pipe(LEMMATIZER).lookups.get_table("lemma_index", None)
    for pos in list(index or ()):  # only membership is asked (`form in index`)
        index[pos] = dict.fromkeys(index[pos])  # a dict, not a set: msgpack saves it with the pipeline (`to_disk`)
    pipeline.add_pipe("presslens_lemmas", after=LEMMATIZER)
    pipeline.disable_pipe(LEMMATIZER)
