"""bench/fix_gold_conversions.py: a gold figure and its bracketed conversion become one quantity, on a gold and
articles the test writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "fix_gold_conversions.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("fix_gold_conversions", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TEXTS = {
    "a.json": "The rocket flew 770 kilometers (about 480 miles), and 12 people (2 children) watched it from 40 km (10 miles) away.",
    "b.json": "It flew 770km (478 miles), the military said; 12 people saw it.",
}


def mention(file: str, number: str, after: str = "") -> dict:
    """The gold mention of `number`, the first one after `after`, in TEXTS[file]: its span and value."""
    start = TEXTS[file].index(number, TEXTS[file].index(after) if after else 0)
    return {"file": file, "start": start, "end": start + len(number), "value": float(number)}


def quantity(label: str, verdict: str, *mentions: dict) -> dict:
    return {"kind": "quantity", "event": "e", "split": "check", "item": label, "verdict": verdict, "mentions": list(mentions)}


@pytest.fixture()
def gold() -> list[dict]:
    return [
        quantity("distance km", "same", mention("a.json", "770"), mention("b.json", "770")),
        quantity("distance miles", "differ", mention("a.json", "480"), mention("b.json", "478")),
        quantity("people", "same", mention("a.json", "12"), mention("b.json", "12")),
        quantity("children", "same", mention("a.json", "2", "(2 ")),
        quantity("range km", "same", mention("a.json", "40")),
        quantity("range miles", "same", mention("a.json", "10", "40 km")),
    ]


def test_a_bracketed_conversion_of_a_measure_pairs_with_its_figure_whatever_its_qualifier_or_spacing(tool, gold):
    # Both articles restate the kilometres in miles ("770km" spans its unit); a bracketed count is a part, and
    # "40 km (10 miles)" states two figures.
    assert tool.conversion_pairs(gold, TEXTS) == [(0, 1), (0, 1)]


def test_the_two_items_become_one_with_all_mentions_and_the_stronger_verdict(tool, gold):
    merged, groups = tool.merge_items(gold, tool.conversion_pairs(gold, TEXTS))
    assert groups == [[0, 1]]
    assert [item["item"] for item in merged] == ["distance km", "people", "children", "range km", "range miles"]
    assert merged[0]["verdict"] == "differ" and len(merged[0]["mentions"]) == 4
    # Merging again finds both pairs inside one item and changes nothing.
    assert tool.merge_items(merged, tool.conversion_pairs(merged, TEXTS))[0] == merged


def test_a_unit_is_read_after_the_number_or_inside_the_mention(tool):
    text = "a 1.2 million-mile trip, a 27km walk, a 9 ft wall, 12 people"
    assert [tool.mention_unit(text, text.index(number))[0] for number in ("1.2", "27", "9", "12")] == ["mile", "kilometre", "foot", None]
