"""Merge the compare gold's items that state one quantity twice: a figure and its bracketed conversion.

A figure and its conversion in brackets ("770 kilometers (480 miles)") state
one measured quantity. This tool reads the gold (`bench/compare-gold.jsonl`,
or `--gold FILE`) and the articles it names (`--data`, news_cluster's JSON
files, whose `text` field the offsets count in), and finds each pair of gold
quantity mentions of one article where the second is the bracketed conversion
of the first: right after the first figure and its unit (the unit news write
after a number, `models/lexicons/units.tsv`) comes an opening bracket, then
at most a qualifier ("about"), then the second figure, whose unit restates
the first in another unit of its dimension within 5%
(`nlp.comparison.measures.restates`, the reading `compare` gives claims).
It reads only the gold's own offsets, values and the article text: no
presslens output. Each two items holding the two sides of such a pair become
one item (chains too) with all their mentions, at the place and with the
label of the first in the file; the merged verdict is the strongest of the
items' verdicts (conflict over differ over same), and items whose verdicts
disagree are printed (split and verdicts only). It prints, per split, the
pairs found, those already in one item and the items merged; never text.

    .venv/bin/python bench/fix_gold_conversions.py [--gold FILE] [--data DIR] [--write]

Without `--write` it only prints what it would merge. Merging is idempotent:
run again on its output, it finds every pair in one item.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

from nlp.comparison.measures import CONVERSION_OPENING, restates
from nlp.extract.claim_units import normalize_unit
from nlp.lexicons import field_rows, pair_table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "news_cluster"
STRENGTH = {"same": 0, "differ": 1, "conflict": 2}  # a merged item keeps the strongest verdict of its parts
DIGITS = re.compile(r"[\d.,]*\d")


def _alternation(phrases) -> str:
    return "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The unit written after a number (after a scale word: "1.2 million miles"), the opening of a bracketed
    conversion with its qualifier, and units.tsv's variant -> unit name."""
    units = {variant.lower(): unit for variant, unit, *_ in field_rows("lexicons/units.tsv")}
    scales = _alternation(word for word, _, kind in field_rows("lexicons/number_words.tsv") if kind == "scale")
    unit = re.compile(rf"(?:\s?(?:{scales}))?[\s-]?(?P<unit>{_alternation(units)})(?![A-Za-z])", re.IGNORECASE)
    opening = re.compile(rf"{CONVERSION_OPENING}(?:(?:{_alternation(pair_table('lexicons/claim_qualifiers.tsv'))})\s+)?", re.IGNORECASE)
    return unit, opening, units


def mention_unit(text: str, start: int) -> tuple[str | None, int]:
    """The unit name written after the number that starts at `start` (None when none) and where that unit ends. A
    mention spans its number, so the unit may lie inside it ("27km") or after it ("27 km")."""
    unit_pattern, _, units = _patterns()
    digits = DIGITS.match(text, start)
    found = unit_pattern.match(text, digits.end()) if digits else None
    return (normalize_unit(units[found["unit"].lower()]), found.end()) if found else (None, start)


def conversion_pairs(items: list[dict], texts: dict[str, str]) -> list[tuple[int, int]]:
    """(figure's item, conversion's item) for each gold mention that is the bracketed conversion of the quantity
    mention right before it in its article."""
    _, opening, _ = _patterns()
    by_file: dict[str, list[tuple[int, int, float, int]]] = {}
    for index, item in enumerate(items):
        if item["kind"] == "quantity":
            for mention in item["mentions"]:
                by_file.setdefault(mention["file"], []).append((mention["start"], mention["end"], float(mention["value"]), index))
    pairs = []
    for name, mentions in by_file.items():
        text = texts[name]
        mentions.sort()
        for figure, restated in zip(mentions, mentions[1:]):
            figure_unit, unit_end = mention_unit(text, figure[0])
            unit, _ = mention_unit(text, restated[0])
            if figure_unit and unit and opening.fullmatch(text, max(unit_end, figure[1]), restated[0]) and restates(figure_unit, figure[2], unit, restated[2]):
                pairs.append((figure[3], restated[3]))
    return pairs


def merge_items(items: list[dict], pairs: list[tuple[int, int]]) -> tuple[list[dict], list[list[int]]]:
    """The gold with each set of items joined by pairs as one item (see the module docstring), and those sets."""
    root = list(range(len(items)))

    def find(index: int) -> int:
        while root[index] != index:
            index = root[index]
        return index

    for first, second in pairs:
        low, high = sorted((find(first), find(second)))
        root[high] = low
    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(find(index), []).append(index)
    merged = []
    for head, group in members.items():
        item = dict(items[head])
        item["mentions"] = [mention for index in group for mention in items[index]["mentions"]]
        if len(group) > 1:
            item["verdict"] = max((items[index]["verdict"] for index in group), key=STRENGTH.__getitem__)
        merged.append(item)
    return merged, [group for group in members.values() if len(group) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "compare-gold.jsonl")
    parser.add_argument("--data", type=Path, default=DATA, help="news_cluster's folder of JSON articles")
    parser.add_argument("--write", action="store_true", help="write the merged gold over --gold")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = {mention["file"] for item in items for mention in item["mentions"]}
    texts = {name: json.loads((args.data / name).read_text(encoding="utf-8"))["text"] for name in names}
    pairs = conversion_pairs(items, texts)
    merged, groups = merge_items(items, pairs)
    counts: Counter = Counter()
    for first, second in pairs:
        counts[(items[first]["split"], "pairs in one item" if first == second else "pairs in two items")] += 1
    for group in groups:
        split, verdicts = items[group[0]]["split"], [items[index]["verdict"] for index in group]
        counts[(split, "items merged")] += len(group)
        counts[(split, "items after merging")] += 1
        if len(set(verdicts)) > 1:
            print(f"{split}: verdicts {' + '.join(verdicts)} -> {max(verdicts, key=STRENGTH.__getitem__)}")
    for (split, what), count in sorted(counts.items()):
        print(f"{split:8} {what:20} {count:4}")
    print(f"items: {len(items)} -> {len(merged)}")
    if args.write:
        args.gold.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in merged), encoding="utf-8")


if __name__ == "__main__":
    main()
