"""Processing: loading the spaCy pipeline and running it over texts.

`load_pipeline(...)` returns a spaCy `Language` with presslens's extractor
components added, after `presslens_typography`, which runs first so the model
parses curly apostrophes like straight ones; `analyse(pipeline, texts)` yields
a Doc per text as `pipeline.pipe` does, parsing a long text in sections so a
worker's memory stays bounded. Which pipeline and models to load is decided
by `nlp.extract.pipeline_choice` (`resolve_model`, `resolve_ner`, `resolve_quotes`,
`describe`, `ModelError`), which does not import spaCy; this module re-exports
those names.

Each extractor is a registered component that declares what it `requires` and
`assigns` (tests/test_components.py checks the order with `analyze_pipes`), so a
configured pipeline saved with `to_disk` loads back with `spacy.load` once this
module is imported. The components read their lexicons on first use (the
claims component in its factory, which has its unit names normalised) and load
their models in their factories, not in `initialize`: spaCy calls `initialize`
only to train, and calling it on a loaded pipeline would reset the trained
tagger's and parser's weights. `nlp.extract.records` turns a Doc's results into
plain dicts.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.extract import claims, entities, quotes, transformer_ner  # noqa: F401  (register the components' factories)
from nlp.extract.doc_text import TEXT_KEY, keep_text
from nlp.extract.lemmas import use_cached_lemmas
from nlp.extract.pipeline_choice import (  # noqa: F401  (this module's names from before they moved, for callers that load)
    PRESSLENS_COMPONENTS,
    ModelError,
    describe,
    installed_models,
    one_line,
    resolve_model,
    resolve_ner,
    resolve_quotes,
)
from nlp.extract.tag_attributes import use_tag_table

# A longer text is parsed in sections of about this many characters: spaCy's
# model components (and the transformer) hold activations for the whole text
# they are given, which for a 990,000-character article peaked at 4.5 GB.
SECTION_CHARS = 50_000

# A scale word glued to its digits ("44million", "2.5Billion", "5bn") is one token to spaCy's English suffix rules,
# which split "44km" and "$3m" but not these; the parser then reads the token as punctuation and opens a sentence
# after it ("up to 44million | Brits ..."). Split off, it parses as "44 million" does.
GLUED_SCALE_SUFFIX = r"(?<=[0-9])(?i:million|billion|trillion|bn)"


@Language.component("presslens_typography", assigns=["token.norm"])
def plain_features(doc: Doc) -> Doc:
    """Give words with curly apostrophes ("don’t", "Trump’s") the model features of their straight twins.

    The small English models saw few curly apostrophes in training, so "they don’t like her" parsed
    as "they do" plus fragments. The features (norm, prefix, suffix, shape) belong to the vocabulary's
    lexemes; the text and offsets are untouched.
    """
    text = keep_text(doc)  # joined from the tokens once: the extractors after read it (doc_text)
    if "’" not in text and "‘" not in text:  # most articles: no word to look at
        return doc
    for token in doc:
        plain = token.text.replace("’", "'").replace("‘", "'")
        if plain != token.text:
            twin, lexeme = doc.vocab[plain], doc.vocab[token.text]
            lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = twin.norm_, twin.prefix_, twin.suffix_, twin.shape_
    return doc


@cache
def load_pipeline(model: str, max_chars: int | None = None, ner: str = "spacy", threads: int | None = None, quotes: str = "rules") -> Language:
    """Load `model` once per process and add presslens's components after spaCy's own.

    `ner` is a resolved recognizer (see `resolve_ner`); "hf:..." puts the
    transformer recognizer after spaCy's, using `threads` torch threads;
    `quotes` is a resolved attribution mode (see `resolve_quotes`).
    """
    try:
        pipeline = spacy.load(model)
    except (OSError, ValueError) as error:
        raise ModelError(f"Cannot load spaCy model '{model}': {one_line(error)}") from None
    if max_chars:
        pipeline.max_length = max_chars
    pipeline.tokenizer.suffix_search = spacy.util.compile_suffix_regex([*pipeline.Defaults.suffixes, GLUED_SCALE_SUFFIX]).search
    pipeline.add_pipe("presslens_typography", first=True)
    use_tag_table(pipeline)
    use_cached_lemmas(pipeline)
    # Every spaCy component runs, because each one's output is read:
    # tok2vec feeds the tagger and parser; the tagger's tags (and the attribute
    # ruler's parts of speech made from them, which nlp.extract.tag_attributes sets) find cue verbs, demonyms and units;
    # the parser's dependencies and sentences tie speakers, cues and contents
    # and number claims and entities by sentence; the lemmatizer's lemmas match
    # the cue-verb and change-word lexicons (they come from nlp.extract.lemmas, which
    # asks spaCy's lemmatizer once per word form). spaCy's "senter" stays off
    # (the parser sets sentences).
    if ner.startswith("hf:"):
        # spaCy's own "ner" keeps running before the transformer: its DATE, TIME,
        # CARDINAL, MONEY, PERCENT and QUANTITY entities are what the claims
        # extractor reads, and its GPE/LOC/FAC and NORP/EVENT labels refine the
        # transformer's LOC and MISC.
        config = {"model": ner[3:], "threads": threads}
        try:
            pipeline.add_pipe("presslens_transformer_ner", after="ner" if "ner" in pipeline.pipe_names else None, config=config)
        except (OSError, ValueError) as error:
            raise ModelError(f"Cannot load NER model '{ner[3:]}': {one_line(error)}") from None
    mode, _, tagger = quotes.partition(":")
    if tagger:
        pipeline.add_pipe("presslens_attribution_tagger", last=True, config={"model": tagger, "threads": threads})
    for component in PRESSLENS_COMPONENTS:
        pipeline.add_pipe(component, last=True, config={"mode": mode} if component == "presslens_quotes" else {})
    return pipeline


def analyse(pipeline: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """A Doc per text, in order, as `pipeline.pipe` gives them; texts over SECTION_CHARS are parsed in sections."""
    short: list[str] = []
    for text in texts:
        if len(text) <= SECTION_CHARS:
            short.append(text)
            continue
        yield from pipeline.pipe(short, batch_size=batch_size)
        short = []
        yield _analyse_in_sections(pipeline, text)
    yield from pipeline.pipe(short, batch_size=batch_size)


def _analyse_in_sections(pipeline: Language, text: str) -> Doc:
    """spaCy's components and the recognizer section by section, joined into one Doc of the exact text;
    then presslens's extractors over the whole, so entity clusters and quotes span the article."""
    whole_document = [name for name in pipeline.pipe_names if name in PRESSLENS_COMPONENTS]
    with pipeline.select_pipes(disable=whole_document):
        sections = list(pipeline.pipe(_sections(text), batch_size=1))
    doc = joined_sections(sections)
    for name in whole_document:
        doc = pipeline.get_pipe(name)(doc)
    return doc


def joined_sections(sections: list[Doc]) -> Doc:
    """One Doc of the sections' texts end to end, with the attribution tagger's spans of every section.

    `Doc.from_docs` keeps no custom extension (it warns W101), so the tagger's character spans,
    which each section counts from its own start, are moved to the joined text here. Each section's kept text
    (`keep_text`) is dropped first, as `from_docs` would drop it with a warning that prints it, and the joined
    Doc keeps its own.
    """
    for section in sections:
        section.user_data.pop(TEXT_KEY, None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W101\]")
        doc = Doc.from_docs(sections, ensure_whitespace=False)
    keep_text(doc)
    if any(section._.attribution_spans is not None for section in sections):
        spans, offset = [], 0
        for section in sections:
            spans += [span._replace(start=span.start + offset, end=span.end + offset) for span in section._.attribution_spans or []]
            offset += len(section.text)
        doc._.attribution_spans = spans
    return doc


def _sections(text: str) -> Iterator[str]:
    """Consecutive pieces of `text` of at most SECTION_CHARS, cut after a line break where there is one."""
    start = 0
    while len(text) - start > SECTION_CHARS:
        yield text[start : (cut := _section_end(text, start))]
        start = cut
    yield text[start:]


def _section_end(text: str, start: int) -> int:
    """Where the section from `start` ends: after its last line break, else sentence end, else space (in its second half)."""
    limit, floor = start + SECTION_CHARS, start + SECTION_CHARS // 2
    for separator in ("\n", ". ", " "):
        found = text.rfind(separator, floor, limit)
        if found >= 0:
            return found + len(separator)
    return limit  # no break anywhere near: a hard cut
