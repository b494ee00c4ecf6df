"""Ambiguous unit symbols resolved from context by a small learned model (`models/unit_senses/`).

A symbol after a number can name several units: "15p" pence or points, "40 F"
Fahrenheit or farads, "30 kt" knots or kilotons, "500 pounds" weight or
money. `UnitSenses` holds, for each such surface, how often each unit was
written with it (the prior) and, for each unit, how often each context word
appears in sentences using it; `predict(surface, sentence)` returns the unit
with the highest naive-Bayes score, as the unit name the training data uses
("pound sterling", "degree Fahrenheit"). Context words are those within
`window` characters of the number; `window` and the smoothing `alpha` are
chosen by cross-validation on the training sentences (`choose_settings`).
`train(examples)` builds the model from `(sentence, unit)` pairs
(`presslens train-units`; see the model card).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from nlp.errors import PresslensError
from nlp.lexicons import MODELS_DIR

MODEL_PATH = MODELS_DIR / "unit_senses" / "model.json"
MIN_SURFACE_EXAMPLES = 5  # a surface seen fewer times than this is left to the unit lexicon
MIN_SENSE_EXAMPLES = 3  # a unit seen fewer times with a surface is noise (another number's unit)
MIN_SENSE_SHARE = 0.1  # ... and so is one that makes up less than this share of the surface's examples ("p" as percent)
WINDOWS = (30, 60, 100, 150)  # characters either side of the number tried by cross-validation
ALPHAS = (0.01, 0.03, 0.1, 0.3, 1.0)  # additive smoothing tried by cross-validation
FOLDS = 5
WORD = re.compile(r"[a-z]{3,}")
# Currency signs (Unicode category Sc): "¥" is yen or yuan, written before the number or after it.
CURRENCY_SIGNS = "".join(sorted({chr(code) for code in range(0x20, 0x10000) if unicodedata.category(chr(code)) == "Sc"}))
# What may stand between a number and its unit: one space (or other blank), or two spaces as text scraped or edited
# leaves them ("480  drams"); never a blank line.
UNIT_GAP = r"(?:[ ]{2}|\s)?"  # a class, so that a verbose pattern keeps its spaces
# Typewriter marks typed for the prime signs ("12' by 10'", "10.2\""): the same symbols, written against the digits.
TYPED_PRIMES = {"'": "′", '"': "″"}
# A number and the symbol or word written right after it: "15p", "40 F", "30 kt", "500 pounds", "13.5″", "553 ¥", "20'".
NUMBER_AND_SURFACE = re.compile(
    rf"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:{UNIT_GAP}(?=[^'\"])|(?=['\"]))(?P<surface>[A-Za-z]+|[″′'\"]|[{re.escape(CURRENCY_SIGNS)}])(?![\w])"
)
# Where a quotation opens or closes with single marks: a mark at a word's start, and one after a word's end.
OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[]))'(?=\S)")
CLOSING_SINGLE = re.compile(r"(?<=\S)'(?=[\s.,;:!?)\]]|$)")
# A currency sign written right before a number: "¥800".
SIGN_AND_NUMBER = re.compile(rf"(?<![\w])(?P<surface>[{re.escape(CURRENCY_SIGNS)}])\s?\d")
# Words that never name a unit however often they follow a number in the examples.
NOT_SURFACES = frozenset({"and", "or", "to", "for", "per", "on", "in", "at", "of", "the", "which", "with", "million", "billion", "trillion", "thousand", "x"})


def surfaces_in(sentence: str) -> list[re.Match]:
    """The unit symbols and words written next to the sentence's numbers, each a match with a `surface` group."""
    return [*NUMBER_AND_SURFACE.finditer(sentence), *SIGN_AND_NUMBER.finditer(sentence)]


def surface_key(surface: str) -> str:
    """Single letters keep their case ("C" Celsius or coulomb, "c" Celsius or cent); longer symbols are lower-cased;
    a typewriter mark is the prime it stands for."""
    return TYPED_PRIMES.get(surface, surface) if len(surface) == 1 else surface.lower()


def closes_quotation(text: str, at: int) -> bool:
    """Whether the typewriter mark at `text[at]` closes a quotation its line opened ('he said "we paid 500"'), rather
    than standing for a prime ("a 20' boat"): an odd number of double marks before it on the line, or more single
    marks opening a quotation than closing one."""
    before = text[text.rfind("\n", 0, at) + 1 : at]
    if text[at] == '"':
        return before.count('"') % 2 == 1
    return len(OPENING_SINGLE.findall(before)) > len(CLOSING_SINGLE.findall(before))


def context_words(sentence: str, surface: str) -> list[str]:
    """The sentence's lower-cased words of three letters or more, less the surface itself."""
    return [word for word in WORD.findall(sentence.lower()) if word != surface.lower()]


def window_text(text: str, start: int, end: int, window: int) -> str:
    """The text within `window` characters either side of `start:end` (a number and its symbol)."""
    return text[max(0, start - window) : end + window]


@dataclass
class UnitSenses:
    priors: dict[str, dict[str, int]]  # surface (see surface_key) -> unit -> examples
    words: dict[str, dict[str, int]] = field(default_factory=dict)  # unit -> context word -> count
    surfaces: list[str] = field(default_factory=list)  # surfaces as written, for the amount regex
    window: int = WINDOWS[-1]  # characters either side of the number whose words are context
    alpha: float = 1.0  # additive smoothing of the word counts

    def __post_init__(self) -> None:
        self.vocabulary = len({word for counts in self.words.values() for word in counts}) or 1
        self.totals = {unit: sum(counts.values()) for unit, counts in self.words.items()}

    def predict(self, surface: str, sentence: str) -> str | None:
        """The unit `surface` most likely names in `sentence`; None for a surface the model does not know."""
        senses = self.priors.get(surface_key(surface))
        if not senses:
            return None
        if len(senses) == 1:
            return next(iter(senses))
        # A word none of the senses was seen with says nothing about them; scored, it would favour the sense with the
        # fewest training words (its smoothed share is largest), so news text unlike the training sentences would
        # lean that way ("Temperatures reached 30C in Rome on Friday": coulomb).
        words = [word for word in context_words(sentence, surface) if any(word in self.words.get(unit, {}) for unit in senses)]

        def score(unit: str) -> float:
            counts, denominator = self.words.get(unit, {}), self.totals.get(unit, 0) + self.alpha * self.vocabulary
            return math.log(senses[unit]) + sum(math.log((counts.get(word, 0) + self.alpha) / denominator) for word in words)

        return max(sorted(senses), key=score)


def train(examples: list[tuple[str, str]], unit_of_surface, window: int = WINDOWS[-1], alpha: float = 1.0) -> UnitSenses:
    """A model from `(sentence, unit)` pairs. `unit_of_surface(surface, unit)` is False when the unit lexicon gives
    the surface another unit (the sentence's other number: "bake at 400F for 12 minutes" teaches nothing about
    "minutes")."""
    priors: dict[str, Counter] = defaultdict(Counter)
    written: dict[str, Counter] = defaultdict(Counter)
    words: dict[str, Counter] = defaultdict(Counter)
    for sentence, unit in examples:
        for match in surfaces_in(sentence):
            surface = match["surface"]
            # A symbol (three letters at most) or a form of the unit's own name ("drams", "knots"); a longer word
            # after a number ("index", "feet" for a foot-per-second unit) is the sentence's, not the unit's.
            is_symbol = len(surface) <= 3 or surface.lower().rstrip("s") in unit.lower()
            if not is_symbol or surface.lower() in NOT_SURFACES or not unit_of_surface(surface, unit):
                continue
            priors[surface_key(surface)][unit] += 1
            written[surface_key(surface)][surface] += 1
            words[unit].update(context_words(window_text(sentence, match.start(), match.end(), window), surface))
    kept = {}
    for surface, senses in priors.items():
        total = sum(senses.values())
        senses = {unit: count for unit, count in senses.items() if count >= max(MIN_SENSE_EXAMPLES, MIN_SENSE_SHARE * total)}
        if sum(senses.values()) >= MIN_SURFACE_EXAMPLES:
            kept[surface] = dict(sorted(senses.items()))
    surfaces = sorted(variant for surface in kept for variant, count in written[surface].items() if count >= MIN_SENSE_EXAMPLES)
    used = {unit for senses in kept.values() for unit in senses}
    return UnitSenses(kept, {unit: dict(sorted(words[unit].items())) for unit in sorted(used)}, surfaces, window, alpha)


def held_out_accuracy(model: UnitSenses, examples: list[tuple[str, str]]) -> tuple[int, int]:
    """(right, tried) over the examples' symbols that the model resolves among several units."""
    right = tried = 0
    for sentence, unit in examples:
        for match in surfaces_in(sentence):
            if len(model.priors.get(surface_key(match["surface"]), {})) > 1:
                tried += 1
                right += model.predict(match["surface"], window_text(sentence, match.start(), match.end(), model.window)) == unit
    return right, tried


def choose_settings(examples: list[tuple[str, str]], unit_of_surface) -> tuple[int, float]:
    """The (window, alpha) with the best accuracy over `FOLDS` folds of the training examples (every FOLDS-th
    example held out in turn); ties go to the wider window and the stronger smoothing."""

    def accuracy(window: int, alpha: float) -> float:
        right = tried = 0
        for fold in range(FOLDS):
            kept = [example for index, example in enumerate(examples) if index % FOLDS != fold]
            model = train(kept, unit_of_surface, window, alpha)
            fold_right, fold_tried = held_out_accuracy(model, examples[fold::FOLDS])
            right, tried = right + fold_right, tried + fold_tried
        return right / max(tried, 1)

    return max(((window, alpha) for window in WINDOWS for alpha in ALPHAS), key=lambda setting: (accuracy(*setting), setting))


def save(model: UnitSenses, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"priors": model.priors, "words": model.words, "surfaces": model.surfaces, "window": model.window, "alpha": model.alpha}
    path.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")


@cache
def unit_senses() -> UnitSenses:
    """The shipped model, or an empty one (every surface left to the lexicon) when it is missing."""
    if not MODEL_PATH.is_file():
        return UnitSenses({})
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return UnitSenses(data["priors"], data["words"], data["surfaces"], data.get("window", WINDOWS[-1]), data.get("alpha", 1.0))


class UnitSensesDataError(PresslensError, ValueError):
    """The unit training file cannot be used (reported as a one-line error)."""


def train_from_file(train_path: Path, out_dir: Path) -> UnitSenses:
    """Train on a JSON list of `{"text", "unit"}` sentences (CQE's unit set) and save `model.json` in `out_dir`."""
    from nlp.extract.claim_amounts import claim_lexicons
    from nlp.extract.claim_units import currency_code, normalize_unit

    try:
        examples = [(item["text"], item["unit"]) for item in json.loads(Path(train_path).read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UnitSensesDataError(f"{train_path} is not a JSON list of {{text, unit}} sentences: {error}") from None
    lexicon = claim_lexicons()

    def unit_of_surface(surface: str, unit: str) -> bool:
        shared = lexicon.shared_signs.get(surface)
        if shared:  # a sign several currencies write teaches only about those currencies
            return currency_code(unit) in shared
        known = lexicon.units.get(surface.lower()) or lexicon.currencies.get(surface.lower())
        if known is None:
            return True
        return normalize_unit(known) == normalize_unit(unit) or surface.lower().rstrip("s") in unit.lower()

    model = train(examples, unit_of_surface, *choose_settings(examples, unit_of_surface))
    save(model, out_dir / "model.json")
    return model
