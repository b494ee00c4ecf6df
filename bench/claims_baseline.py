"""quantulum3's claim accuracy on each protocol half of a NewsQuant-format gold, with presslens's own scorer.

The protocol (docs/dev-notes.md, "Measuring claims") writes rules against the
tuning half and only measures the check half. A tool nobody tuned on either
half shows how hard each half is: when it scores alike on both, a gap in
presslens's figures comes from fitting the tuning half, not from a harder
check half. quantulum3 has no change labels, so every quantity it finds is
"=" (NewsQuant's label for an unqualified value); a range is its value plus
and minus its uncertainty; its units go through the same `normalize_unit`
as presslens's, and a dimensionless count has no unit ("-").

    .venv/bin/python bench/claims_baseline.py [--gold FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nlp.eval.claims import Quantity, Value, read_newsquant, score_claims
from nlp.extract.claim_units import normalize_unit

DEFAULT_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "newsquant" / "newsquant-dev.json"


def quantulum_quantities(text: str, parse) -> list[Quantity]:
    """quantulum3's quantities of one sentence in the scorer's terms."""
    found = []
    for quantity in parse(text):
        value: Value = float(quantity.value)
        if quantity.uncertainty:
            value = (value - quantity.uncertainty, value + quantity.uncertainty)
        unit = "-" if quantity.unit.name == "dimensionless" else normalize_unit(quantity.unit.name) or "-"
        found.append(Quantity(value, unit, "=", quantity.surface))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="NewsQuant JSON to score on")
    args = parser.parse_args()
    try:
        import quantulum3.classifier
        from quantulum3 import parser as quantulum
    except ImportError:
        raise SystemExit("quantulum3 is not installed; `pip install -e .[bench]` first.") from None
    quantulum3.classifier.USE_CLF = False  # its pickled classifier fails to load with this scikit-learn
    print(f"quantulum3 on {args.gold} (F1 value / value+unit / value+change)")
    for half in ("tune", "check"):
        sentences = read_newsquant(args.gold, half)
        scores = score_claims(sentences, [quantulum_quantities(sentence.text, quantulum.parse) for sentence in sentences])
        figures = " / ".join(f"{100 * part.f1:.1f}" for part in (scores.value, scores.value_unit, scores.value_change))
        print(f"{half:6s} {len(sentences):4d} sentences  {figures}")


if __name__ == "__main__":
    main()
