"""The GUM claims gold (bench/gum-claims.json) stays what its note says: sentences cut from corpus/, values the
evaluation can read."""

from __future__ import annotations

import json
from pathlib import Path

from nlp.eval.claims import read_newsquant

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gum-claims.json"


def test_each_gold_sentence_is_the_text_at_its_offset():
    for record in json.loads(GOLD.read_text(encoding="utf-8")):
        article = (ROOT / "corpus" / record["doc"]).read_text(encoding="utf-8")
        assert article[record["start"] : record["start"] + len(record["text"])] == record["text"]


def test_the_evaluation_reads_both_halves_and_they_make_the_whole():
    tune, check, whole = (read_newsquant(GOLD, half) for half in ("tune", "check", "all"))
    assert tune and check and len(tune) + len(check) == len(whole)
    assert all(quantity.change in ("=", "~", ">", "<", "up", "down") for sentence in whole for quantity in sentence.quantities)
