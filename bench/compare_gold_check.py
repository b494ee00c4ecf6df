"""Checks the compare gold against the articles it names, and prints its counts.

Takes `bench/compare-gold.jsonl` (or `--gold FILE`) and the news_cluster
folder (or `--data DIR`), and checks that each quantity mention's characters
`[start, end)` of the article's `text` field read as the mention's value
(digits, number words, "two-thirds", scale words such as "billion", clock
times such as "5:52 p.m.", or the midpoint of a range the span opens or
closes), that each statement mention is a non-empty span, that each item
names two or more files, and that each event sits in one split. Prints
every failure, then the items per split, kind and verdict; exits 1 on any
failure.

    .venv/bin/python bench/compare_gold_check.py [--gold FILE] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "bench" / "compare-gold.jsonl"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news_cluster"

WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
         "pair": 2}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
          "decade": 10, "decades": 10}
FRACTIONS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b")
BARE_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b(?!\s*[ap]\.?\s?m\b)")
THOUSANDS = re.compile(r"(?<=\d),\s?(?=\d{3}(?!\d))")  # "28,156", "63,800kg" and a stray "1, 600"
RANGE_END = re.compile(r"\s*(?:-|–|to|and)\s*([\w.,]+)")  # "between eight and 10 seconds": the gold keeps the midpoint
RANGE_START = re.compile(r"([\w.,]+)\s*(?:-|–|to|and)\s*$")


def _clock_hours(text: str) -> set[float]:
    """Hours of the day the clock times in `text` may mean ("5:52 p.m." -> 17.87; a bare "5:52" -> 5.87 or 17.87)."""
    hours = set()
    for hour, minutes, half in CLOCK.findall(text):
        value = int(hour) % 12 + (12 if half == "p" else 0) + int(minutes or 0) / 60
        hours.add(value)
    for hour, minutes in BARE_CLOCK.findall(text):
        hours.update({int(hour) + int(minutes) / 60, int(hour) + 12 + int(minutes) / 60})
    return hours


def readings(span: str) -> set[float]:
    """The values a number phrase may mean: each number in it, alone and after its scale word or fraction."""
    text = span.lower()
    values = _clock_hours(text)
    number: float | None = None
    for token in re.findall(r"\d+(?:\.\d+)?|[a-z]+", THOUSANDS.sub("", text)):
        if token[0].isdigit():
            number = float(token)
        elif token in WORDS:
            tens = number is not None and number >= 20 and number % 10 == 0 and WORDS[token] < 10
            number = number + WORDS[token] if tens else WORDS[token]  # "twenty one"
        elif token in SCALES and number is not None:
            number *= SCALES[token]
        elif token in FRACTIONS and number is not None:
            number /= FRACTIONS[token]
        else:
            continue
        values.add(number)
    return values


def _range_readings(text: str, start: int, end: int) -> set[float]:
    """Midpoints of a range whose first or last number the span is ("20-25 mph" spanned "20" or "25" -> 22.5)."""
    ends = [match.group(1) for match in (RANGE_END.match(text, end, end + 20), RANGE_START.search(text, max(0, start - 20), start)) if match]
    return {(one + other) / 2 for word in ends for one in readings(text[start:end]) for other in readings(word)}


def mention_errors(item: dict, texts: dict[str, str]) -> list[str]:
    """What is wrong with the mentions of one gold item (empty: nothing)."""
    errors = []
    if len({mention["file"] for mention in item["mentions"]}) < 2:
        errors.append("fewer than two files")
    for mention in item["mentions"]:
        text = texts.get(mention["file"])
        if text is None:
            errors.append(f"{mention['file']}: no such article")
            continue
        span = text[mention["start"]:mention["end"]]
        if item["kind"] == "statement" and not span.strip():
            errors.append(f"{mention['file']} {mention['start']}-{mention['end']}: statement span {span!r}")
        value = mention.get("value")
        meanings = readings(span) | _range_readings(text, mention["start"], mention["end"])
        if item["kind"] == "quantity" and not any(abs(meaning - value) <= 1e-3 * max(1.0, abs(value)) for meaning in meanings):
            errors.append(f"{mention['file']} {mention['start']}-{mention['end']}: {span!r} does not read as {value}")
    return errors


def check(items: list[dict], texts: dict[str, str]) -> list[str]:
    """Every failure of the gold: items' mentions, and events given more than one split."""
    failures = []
    splits: dict[str, set[str]] = defaultdict(set)
    for number, item in enumerate(items, start=1):
        splits[item["event"]].add(item.get("split", ""))
        label = item.get("item") or item.get("speakers") or "statement"
        failures += [f"line {number} ({item['event']}, {label}): {error}" for error in mention_errors(item, texts)]
    failures += [f"{event}: in splits {sorted(names)}" for event, names in splits.items() if len(names) > 1]
    return failures


def counts(items: list[dict]) -> list[str]:
    """Lines of the table: per split, its events and its items per kind and verdict."""
    lines = []
    for split in sorted({item.get("split", "") for item in items}):
        chosen = [item for item in items if item.get("split", "") == split]
        kinds = Counter(item["kind"] if item["kind"] == "statement" else f"quantity {item['verdict']}" for item in chosen)
        listed = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        lines.append(f"{split}: {len({item['event'] for item in chosen})} events, {len(chosen)} items ({listed})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the gold JSON lines")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the news_cluster folder of news-please JSON files")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"No data folder at {args.data}; pass --data DIR.")
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = {mention["file"] for item in items for mention in item["mentions"]}
    texts = {path.name: json.loads(path.read_text(encoding="utf-8"))["text"] or "" for path in args.data.glob("*.json") if path.name in names}
    failures = check(items, texts)
    print("\n".join(failures + counts(items)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
