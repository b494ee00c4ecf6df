"""Regular expressions from word lists: takes variants (unit symbols, number words, currencies) and returns an
alternation that matches each as a whole word, longest first, behind a one-character test that keeps it fast;
`may_hold(text, words)` says whether a case-blind pattern that needs one of `words` may match a text at all, and
`line_matches(pattern, text)` finds a line-start pattern's matches trying it at line starts only."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

LINE_BREAK = re.compile("\n")


def alternation(variants: Iterable[str], whole_words: bool = True, hyphens: bool = False) -> str:
    """Regex alternation of `variants`, longest first, ending at a word boundary unless `whole_words` is False; the
    words of a variant are joined by spaces, or also by a hyphen with `hyphens` ("a 5,000-square-foot house").

    Short or capitalised variants ("m", "W", "Rs", "USD") match case-sensitively,
    so that "4G" is not four grams and "PS" is not "ps".
    """
    variants = sorted(set(variants), key=len, reverse=True)
    # Python's engine tries an alternation's variants one by one, so the variants are grouped by their first letter
    # (case-folded, as IGNORECASE matches it: "µ" and "μ" go together), each group behind its own one-character test:
    # at a position only the group that can start there is tried. No two groups match the same character, and a
    # group keeps the variants' order, longest first: matches stay the same.
    groups: dict[str, list[str]] = {}
    for variant in variants:
        groups.setdefault(variant.lstrip()[0].casefold(), []).append(variant)
    parts = [f"{first_character_test(group)}(?:{'|'.join(_variant_body(variant, whole_words, hyphens) for variant in group)})" for group in groups.values()]
    # The groups' tests are tried one by one too, and the unit names after a number start with 30 letters and signs:
    # the groups are bundled (about as many bundles as groups in one), each bundle behind the test of its variants,
    # which lets through what each of its groups' tests does. The groups keep their order: matches stay the same.
    size = math.isqrt(len(parts) - 1) + 1 if parts else 1
    members = list(groups.values())
    if len(parts) > size:
        parts = [f"{first_character_test(sum(members[index : index + size], []))}(?:{'|'.join(parts[index : index + size])})" for index in range(0, len(parts), size)]
    return f"{first_character_test(variants)}(?:{'|'.join(parts)})" if parts else ""


def _variant_body(variant: str, whole_words: bool, hyphens: bool) -> str:
    """One variant of `alternation`: its words joined by spaces (or hyphens), in its case unless `ignores_case`."""
    body = (r"(?:\s+|-)" if hyphens else r"\s+").join(re.escape(word) for word in variant.split())
    if whole_words and variant[-1].isalnum():
        body += r"(?![A-Za-z])"
    return body if ignores_case(variant) else f"(?-i:{body})"


def may_hold(text: str, words: Iterable[str]) -> bool:
    """Whether a pattern that matches one of `words` (in lower case, as the lexicon loaders give them; the pattern
    ignores case) may match in `text`: False only for an ASCII text (where ignoring case is plain lower-casing) that
    holds none of them. A substring test runs in C at a few cycles a character; a pattern that opens with a
    lookaround is tried at every position, some hundred instructions each."""
    if not text.isascii():
        return True  # re matches "ſ" for "s" and "ı", "İ" for "i", which str.lower leaves apart
    return any(map(text.lower().__contains__, words))  # map: no Python frame per word, as a generator would run


def line_matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    """What `pattern.finditer(text)` finds, for a pattern that opens with "^" (MULTILINE) and matches within one line:
    tried at each line's start only, where a scan would try it at every character and fail there."""
    starts = line_starts(text)
    return [match for start in starts if (match := pattern.match(text, start))]


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts; a text with no line break (most sentences) is not scanned."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))] if "\n" in text else [0]


def ignores_case(variant: str) -> bool:
    return len(variant) > 2 and variant == variant.lower()


def first_character_test(variants: Iterable[str]) -> str:
    """A lookahead that passes where one of `variants` (as `alternation` matches them) may start. Python's regex
    engine tries an alternation's variants one by one at every position it reaches; one character test first spares
    that where none can start. It may let through more than the variants match, never less: matches stay the same.
    The classes of the variants in their case and in any case are tried inside one lookahead, which once passed is
    not entered again: as two lookaheads in an alternation, a letter in both (the "p" of "PS" and of "pence") would
    pass the second too when what follows fails, and all that follows would be tried again for nothing."""
    exact = "".join(sorted({variant.lstrip()[0] for variant in variants if not ignores_case(variant)}))
    any_case = "".join(sorted({variant.lstrip()[0] for variant in variants if ignores_case(variant)}))
    tests = [f"(?-i:[{re.escape(exact)}])" if exact else "", f"[{re.escape(any_case)}]" if any_case else ""]
    return f"(?={'|'.join(test for test in tests if test) or '(?!)'})"
