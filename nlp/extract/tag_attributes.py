"""Parts of speech and morphology from tags: the model's attribute ruler, its patterns read as tables.

`use_tag_table(pipeline)` puts the `presslens_tag_attributes` component in
place of the model's "attribute_ruler" (which stays in the pipeline, disabled).
English models' attribute rulers open with one pattern per fine-grained tag
(`[{"TAG": "NNS"}]` -> POS NOUN, Number=Plur), followed by exceptions, most of
them one word (`[{"LOWER": "this", "TAG": "DT"}]`). spaCy's matcher tries every
pattern at every token; this component instead
  - sets the tag patterns' attributes with one array look-up per document;
  - finds each one-token exception by comparing token attribute columns
    (numpy) with the pattern's values;
  - leaves the few longer exceptions to an attribute ruler of their own;
and applies all matches in the order of the model's ruler, where a later
pattern overrides an earlier one. So it sets the same attributes as the model's
ruler, which the tests check, because the exceptions come after the tag
patterns and match on nothing the tag patterns set.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDS, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc

RULER = "attribute_ruler"
TABLE_ATTRS = {"POS", "MORPH"}  # what a tag pattern may set to be read as a table entry
# Token attributes a one-token exception may compare, the most telling first (the one looked up).
KEY_ORDER = ["LOWER", "ORTH", "TAG", "DEP", "IS_SPACE"]
COLUMN_KEYS = set(KEY_ORDER)
Test = tuple[int, frozenset[int], bool]  # (column, the values it is compared with, whether it must be one of them)


class TagTable:
    """`ruler`'s patterns: tag patterns as a table, one-token exceptions as column tests, and a ruler for the rest."""

    def __init__(self, vocab, ruler: AttributeRuler, name: str) -> None:
        self.vocab, self.ruler, self.name = vocab, ruler, name
        self.built = False

    def _build(self) -> None:
        """Read the ruler's patterns. Not in __init__: a pipeline loaded from disk makes this component
        before it loads the ruler's patterns, so they are read at the first document."""
        vocab, ruler, name = self.vocab, self.ruler, self.name
        patterns, n_tag_patterns = ruler.patterns, _leading_tag_patterns(ruler.patterns)
        self.pos_morph = _tag_table(vocab, ruler, n_tag_patterns)
        self.keys = sorted({key for pattern in patterns for tests in _column_tests(pattern) or () for key in tests})
        # column -> value -> [(pattern number, its other tests)]: a token is tested only for the
        # patterns that name its value in that column (its word, mostly)
        self.keyed: dict[int, dict[int, list[tuple[int, list[Test]]]]] = {}
        self.longer = AttributeRuler(vocab, name)
        self.longer_numbers: list[int] = []  # the pattern number in `ruler` of each of `longer`'s patterns
        for number in range(n_tag_patterns, len(patterns)):
            alternatives = [
                [_test(vocab, self.keys.index(key), value) for key, value in tests.items()] for tests in _column_tests(patterns[number]) or [{}]
            ]
            if all(any(among for _, _, among in tests) for tests in alternatives):
                self._file(number, alternatives)
            else:  # a longer pattern, or one with no value to look up
                self.longer.add_patterns([patterns[number]])
                self.longer_numbers.append(number)
        self.attrs = ruler.attrs
        self.built = True

    def _file(self, number: int, alternatives: list[list[Test]]) -> None:
        """File pattern `number` under each value of its most telling test, with its other tests."""
        for tests in alternatives:
            key = min((test for test in tests if test[2]), key=lambda test: KEY_ORDER.index(self.keys[test[0]]))
            for value in key[1]:
                self.keyed.setdefault(key[0], {}).setdefault(value, []).append((number, [test for test in tests if test is not key]))

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self._build()
        columns = doc.to_array([TAG, POS, MORPH])
        tags = columns[:, 0]
        for tag in set(tags.tolist()).intersection(self.pos_morph):
            columns[tags == tag, 1:] = self.pos_morph[tag]
        doc.from_array([POS, MORPH], columns[:, 1:])
        for number, token in self._matches(doc):
            set_token_attrs(doc[token], self.attrs[number])
        return doc

    def _matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(pattern number, token to set) of every exception that matches, in the model's ruler's order."""
        matches = []
        if self.keyed and len(doc):
            rows = doc.to_array([IDS[key] for key in self.keys]).reshape(len(doc), len(self.keys)).tolist()
            for column, patterns in self.keyed.items():
                for token, row in enumerate(rows):
                    for number, tests in patterns.get(row[column], ()):
                        if all((row[test_column] in values) == among for test_column, values, among in tests):
                            matches.append((number, token))
        for local, _, start, end in self.longer.match(doc):
            number = self.longer_numbers[local]
            matches.append((number, doc[start:end][self.longer.indices[local]].i))
        return sorted(matches)


def _tag_table(vocab, ruler: AttributeRuler, n_tag_patterns: int) -> dict[int, tuple[int, int]]:
    """Tag -> (POS, MORPH) as the first `n_tag_patterns` patterns set them, later ones winning."""
    table: dict[int, tuple[int, int]] = {}
    for attrs, pattern in zip(ruler.attrs, ruler.patterns[:n_tag_patterns]):
        tag = vocab.strings.add(pattern["patterns"][0][0]["TAG"])
        probe = Doc(vocab, words=["probe"])  # the values spaCy itself sets: the pattern applied to a one-word doc
        if tag in table:
            probe.from_array([POS, MORPH], numpy.array([table[tag]], dtype=numpy.uint64))
        set_token_attrs(probe[0], attrs)
        table[tag] = tuple(probe.to_array([POS, MORPH])[0].tolist())
    return table


def _column_tests(pattern: dict) -> list[dict] | None:
    """A one-token pattern's alternatives, each its {attribute: value} tests, or None where the pattern
    needs spaCy's matcher (longer patterns, other attributes, regular expressions)."""
    alternatives = pattern["patterns"]
    if any(len(tokens) != 1 for tokens in alternatives) or pattern.get("index", 0) not in (0, -1):
        return None
    tests = [tokens[0] for tokens in alternatives]
    if not all(set(alternative) <= COLUMN_KEYS and all(map(_column_value, alternative.values())) for alternative in tests):
        return None
    return tests


def _column_value(value) -> bool:
    """Whether a pattern value is one this module can compare: a string, a bool, or {"IN" or "NOT_IN": strings}."""
    if isinstance(value, dict):
        return len(value) == 1 and set(value) <= {"IN", "NOT_IN"} and all(isinstance(item, str) for item in next(iter(value.values())))
    return isinstance(value, (str, bool))


def _test(vocab, column: int, value) -> Test:
    """The test of one pattern value."""
    among, values = ("IN" in value, next(iter(value.values()))) if isinstance(value, dict) else (True, [value])
    ids = [int(item) if isinstance(item, bool) else vocab.strings.add(item) for item in values]
    return column, frozenset(ids), among


def _leading_tag_patterns(patterns: list[dict]) -> int:
    """How many patterns at the start are one-token tag patterns setting only POS and MORPH, where no
    later pattern reads POS or MORPH (which would have to see the ruler's input, not the table's output)."""
    count = 0
    while count < len(patterns) and _is_tag_pattern(patterns[count]):
        count += 1
    later_keys = {key for pattern in patterns[count:] for alternative in pattern["patterns"] for token in alternative for key in token}
    return count if not later_keys & {"POS", "MORPH"} else 0


def _is_tag_pattern(pattern: dict) -> bool:
    tests = _column_tests(pattern)
    return tests is not None and len(tests) == 1 and set(tests[0]) == {"TAG"} and isinstance(tests[0]["TAG"], str) and set(pattern["attrs"]) <= TABLE_ATTRS


@Language.factory("presslens_tag_attributes", requires=["token.tag", "token.dep"], assigns=["token.pos", "token.morph", "token.lemma"])
def make_tag_table(nlp: Language, name: str) -> TagTable:
    """The component over the pipeline's (disabled) attribute ruler."""
    return TagTable(nlp.vocab, nlp.get_pipe(RULER), name)


def use_tag_table(pipeline: Language) -> None:
    """Run `presslens_tag_attributes` where the model's attribute ruler ran, when its patterns open with tag patterns."""
    if RULER not in pipeline.pipe_names or not _leading_tag_patterns(pipeline.get_pipe(RULER).patterns):
        return
    pipeline.add_pipe("presslens_tag_attributes", after=RULER)
    pipeline.disable_pipe(RULER)
