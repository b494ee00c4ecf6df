"""`presslens eval compare`: scores of hand-written compare tables against a gold the tests write."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from nlp.eval.compare import evaluate_compare, is_named


def _write(out: Path, name: str, rows: list[dict]) -> None:
    pd.DataFrame(rows).to_parquet(out / f"{name}.parquet", index=False)


@pytest.fixture()
def out(tmp_path) -> Path:
    """Three articles; one statement quoted in all three (one side's speaker wrong), one quantity grouped as 'agree'."""
    folder = tmp_path / "out"
    folder.mkdir()
    _write(folder, "documents", [{"doc_id": f"d{i}", "path": f"/articles/a{i}.json"} for i in range(3)])
    _write(folder, "claims", [{"claim_id": f"d{i}:c0", "doc_id": f"d{i}", "start": 10, "end": 12} for i in range(2)])
    _write(folder, "claim_groups", [{"claim_group": 1, "status": "agree", "claim_ids": ["d0:c0", "d1:c0"]}])
    _write(folder, "quotes", [{"quote_id": f"d{i}:q0", "doc_id": f"d{i}", "start": 100, "end": 140} for i in range(3)])
    _write(
        folder,
        "quote_matches",
        [
            {"quote_id_a": "d0:q0", "quote_id_b": "d1:q0", "speaker_a": "person:francois-hollande", "speaker_b": "Hollande"},
            {"quote_id_a": "d0:q0", "quote_id_b": "d2:q0", "speaker_a": "person:francois-hollande", "speaker_b": "he"},
        ],
    )
    return folder


def _gold(path: Path, speakers: list[str] | None) -> Path:
    statement = {"kind": "statement", "event": "e", "split": "tuning", "mentions": [{"file": f"a{i}.json", "start": 100, "end": 140} for i in range(3)]}
    if speakers is not None:
        statement["speakers"] = speakers
    quantity = {"kind": "quantity", "event": "e", "split": "tuning", "item": "people killed", "verdict": "differ",
                "mentions": [{"file": f"a{i}.json", "start": 10, "end": 12, "value": 7 + i} for i in range(2)]}
    path.write_text("\n".join(json.dumps(line) for line in (quantity, statement)) + "\n", encoding="utf-8")
    return path


def test_named_right_counts_pairs_whose_both_sides_name_the_speaker(out, tmp_path):
    scores = evaluate_compare(_gold(tmp_path / "gold.jsonl", ["François Hollande"]), out).set_index("split")
    tuning = scores.loc["tuning"]
    assert (tuning["statements_paired"], tuning["pair_precision"], tuning["named_right"]) == (1.0, 1.0, 0.5)  # "he" names nobody
    assert (tuning["grouped"], tuning["flagged"], tuning["group_precision"]) == (1.0, 0.0, 1.0)


def test_named_right_is_empty_without_gold_speakers(out, tmp_path):
    scores = evaluate_compare(_gold(tmp_path / "gold.jsonl", None), out).set_index("split")
    assert scores.loc["tuning", "named_right"] is None


def test_a_split_with_no_pair_scores_none_instead_of_failing(out, tmp_path):
    gold = _gold(tmp_path / "gold.jsonl", ["François Hollande"])
    other = {"kind": "statement", "event": "f", "split": "check", "speakers": ["Angela Merkel"], "mentions": [{"file": "gone.json", "start": 0, "end": 9}]}
    gold.write_text(gold.read_text(encoding="utf-8") + json.dumps(other) + "\n", encoding="utf-8")
    scores = evaluate_compare(gold, out).set_index("split")
    assert pd.isna(scores.loc["check", "named_right"]) and scores.loc["tuning", "named_right"] == 0.5


@pytest.mark.parametrize(
    ("speaker", "names", "named"),
    [
        ("person:francois-hollande", ["François Hollande"], True),
        ("Blake", ["Jonathan Blake"], True),
        ("org:rail-accident-investigation-branch", ["Rail Accident Investigation Branch", "RAIB"], True),
        ("person:bruce-steinberg", ["Tamara Steinberg Jacobson"], False),  # her brother, not her
        ("the spokesperson", ["State Department"], False),
        ("(unknown)", ["Elon Musk"], False),
    ],
)
def test_is_named_compares_name_words(speaker, names, named):
    assert is_named(speaker, names) == named
