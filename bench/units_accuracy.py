"""Unit disambiguation on CQE's unit sentences: how often the extractor names the sentence's unit.

Each sentence of `units-test.json` (or `--units FILE`) carries one unit; a hit
is a sentence where that unit, through `normalize_unit`, is among the
`unit_normalized` of the sentence's claims. Also prints the unit-sense model's
own accuracy: on symbols the model resolves among several units, how often
its choice is the gold unit. With `--causes`, the sentences it misses are
counted by cause (no claim and no digits; no claim for a written number; no
claim with a unit; the gold's name inside a longer predicted one, as a prefix
or a "per" make it: gold `bit`, predicted `megabit per second`; another unit),
with the most frequent gold -> predicted pairs of the last.

    .venv/bin/python bench/units_accuracy.py [--units FILE] [--causes]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from nlp.extract.claim_units import normalize_unit
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner
from nlp.extract.unit_senses import held_out_accuracy, unit_senses

DEFAULT_UNITS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cqe-units" / "units-test.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="CQE unit sentences: a JSON list of {text, unit}")
    parser.add_argument("--causes", action="store_true", help="count the missed sentences by cause")
    args = parser.parse_args()
    examples = [(item["text"], item["unit"]) for item in json.loads(args.units.read_text(encoding="utf-8"))]
    pipeline = load_pipeline(resolve_model(None), None, resolve_ner("spacy"))
    causes: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for (_, unit), doc in zip(examples, pipeline.pipe(sentence for sentence, _ in examples)):
        cause, predicted = miss_cause(normalize_unit(unit) or "", doc)
        causes[cause] += 1
        if cause == ANOTHER_UNIT:
            pairs[normalize_unit(unit) or "", predicted] += 1
    hits = causes.pop(HIT, 0)
    right, tried = held_out_accuracy(unit_senses(), examples)
    print(f"{args.units.name}: {len(examples)} sentences")
    print(f"extractor names the gold unit: {hits}/{len(examples)} = {100 * hits / len(examples):.1f}%")
    print(f"unit-sense model on ambiguous symbols: {right}/{tried} = {100 * right / max(tried, 1):.1f}%")
    if args.causes:
        print("\nmissed sentences by cause:")
        for cause, count in causes.most_common():
            print(f"{count:6d}  {cause}")
        print(f"\n{ANOTHER_UNIT}: the most frequent gold -> predicted pairs")
        for (gold, predicted), count in pairs.most_common(PAIRS_SHOWN):
            print(f"{count:6d}  {gold} -> {predicted}")


HIT, ANOTHER_UNIT = "hit", "another unit"
PAIRS_SHOWN = 25


def miss_cause(gold: str, doc: Doc) -> tuple[str, str]:
    """Why a sentence's claims do not name its gold unit (HIT when one does), and the unit its first claim with
    one names."""
    units = [claim.unit_normalized for claim in doc._.claims if claim.unit_normalized]
    if gold in units:
        return HIT, gold
    if not doc._.claims:
        return ("no claim, no digits" if not re.search(r"\d", doc.text) else "no claim for a written number"), ""
    if not units:
        return "claims without a unit", ""
    if any(re.search(rf"\b\w*{re.escape(gold)}\b", unit) for unit in units):
        return "the gold name inside a longer one (a prefix, a per)", units[0]
    return ANOTHER_UNIT, units[0]


if __name__ == "__main__":
    main()
