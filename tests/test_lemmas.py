"""presslens_lemmas sets the lemmas spaCy's own lemmatizer sets, which stays loaded but no longer runs."""

from __future__ import annotations

import spacy

from nlp.extract.lemmas import use_cached_lemmas
from nlp.extract.pipeline import resolve_model

TEXTS = [
    "The ministers said they're running out of options; she'd rather wait.",
    "Shares fell 3% after the banks' better-than-expected results were published.",
    "He was re-elected. Prices rose, rising faster than wages had risen in the 1990s.",
    "",
    "The ministers said they're running out of options; she'd rather wait.",  # a second time: from the table
]


def test_cached_lemmas_are_spacys_lemmas_and_spacys_lemmatizer_no_longer_runs():
    plain = spacy.load(resolve_model(None))
    cached = spacy.load(resolve_model(None))
    use_cached_lemmas(cached)
    assert "lemmatizer" not in cached.pipe_names and "lemmatizer" in cached.component_names
    assert cached.pipe_names.index("presslens_lemmas") == plain.pipe_names.index("lemmatizer")
    expected = [[token.lemma_ for token in doc] for doc in plain.pipe(TEXTS)]
    assert [[token.lemma_ for token in doc] for doc in cached.pipe(TEXTS)] == expected
    assert "run" in expected[0] and "be" in expected[2]  # rule lemmas, not the words themselves
