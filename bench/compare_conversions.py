"""How the compare gold marks a figure and its bracketed conversion ("770 kilometers (480 miles)").

Takes an `analyze` output folder (`--out OUT`) and `bench/compare-gold.jsonl`
(or `--gold FILE`), finds each comparable claim that restates the claim
before it in another unit (`nlp.comparison.measures.bracketed_conversions`)
and prints, per gold split (and "none" for events outside the gold), how
many such pairs the gold leaves unmarked, marks on one side only, marks as
one quantity, or marks as two different quantities. Figures only: it prints
no sentence. A design that joins a figure and its conversion in one claim
group is scored wrong by `eval compare` wherever the gold gives the two
sides to two quantities.

    .venv/bin/python bench/compare_conversions.py --out OUT [--gold FILE]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from nlp.comparison.group_filters import comparable_claims
from nlp.comparison.measures import bracketed_conversions, measure_dimension, to_reference
from nlp.eval.compare import gold_doc_ids, gold_items_of, read_gold
from nlp.io.store import read_table

ROOT = Path(__file__).resolve().parent.parent


def pair_kinds(out: Path, gold: Path) -> Counter:
    """(split, kind) -> number of bracketed conversions whose two sides the gold marks so."""
    items = read_gold(gold)
    documents, claims = read_table(out, "documents"), read_table(out, "claims")
    claims = comparable_claims(claims.merge(documents[["doc_id", "outlet"]], on="doc_id")).reset_index(drop=True)
    # Pairs lie within one sentence, so a document's claims of one dimension are block enough.
    blocks = claims["doc_id"] + "|" + claims["unit_key"].astype(str).map(lambda unit: measure_dimension(unit) or unit)
    claims = to_reference(claims, blocks)
    doc_ids = gold_doc_ids(documents)
    tags = dict(zip(claims["claim_id"], gold_items_of(claims, items, "quantity", doc_ids)))
    split_of = {doc_ids.get(mention["file"]): item["split"] for item in items for mention in item["mentions"]}
    kinds: Counter = Counter()
    for claim_id, figure_id, doc_id in zip(claims["claim_id"], bracketed_conversions(claims), claims["doc_id"]):
        if isinstance(figure_id, str):
            kinds[(split_of.get(doc_id, "none"), _kind(tags[figure_id], tags[claim_id]))] += 1
    return kinds


def _kind(figure: int, conversion: int) -> str:
    """How the gold marks a pair, from each side's gold item (-1: none)."""
    if figure < 0 and conversion < 0:
        return "unmarked"
    if figure < 0 or conversion < 0:
        return "one side marked"
    return "one quantity" if figure == conversion else "two quantities"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="an analyze output folder of news_cluster")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "compare-gold.jsonl")
    args = parser.parse_args()
    kinds = pair_kinds(args.out, args.gold)
    print(f"{'split':8} {'kind':16} pairs")
    for (split, kind), count in sorted(kinds.items()):
        print(f"{split:8} {kind:16} {count:5}")


if __name__ == "__main__":
    main()
