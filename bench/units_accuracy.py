"""Unit disambiguation on CQE's unit sentences: how often the extractor names the sentence's unit.

Each sentence of `units-test.json` (or `--units FILE`) carries one unit; a hit
is a sentence where that unit, through `normalize_unit`, is among the
`unit_normalized` of the sentence's claims. Also prints the unit-sense model's
own accuracy: on symbols the model resolves among several units, how often
its choice is the gold unit.

    .venv/bin/python bench/units_accuracy.py [--units FILE]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nlp.extract.claim_units import normalize_unit
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner
from nlp.extract.unit_senses import held_out_accuracy, unit_senses

DEFAULT_UNITS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cqe-units" / "units-test.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="CQE unit sentences: a JSON list of {text, unit}")
    args = parser.parse_args()
    examples = [(item["text"], item["unit"]) for item in json.loads(args.units.read_text(encoding="utf-8"))]
    pipeline = load_pipeline(resolve_model(None), None, resolve_ner("spacy"))
    hits = sum(
        normalize_unit(unit) in {claim.unit_normalized for claim in doc._.claims}
        for (_, unit), doc in zip(examples, pipeline.pipe(sentence for sentence, _ in examples))
    )
    right, tried = held_out_accuracy(unit_senses(), examples)
    print(f"{args.units.name}: {len(examples)} sentences")
    print(f"extractor names the gold unit: {hits}/{len(examples)} = {100 * hits / len(examples):.1f}%")
    print(f"unit-sense model on ambiguous symbols: {right}/{tried} = {100 * right / max(tried, 1):.1f}%")


if __name__ == "__main__":
    main()
