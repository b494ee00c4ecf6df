"""eval claims and the seed: the claims of the seed article, NewsQuant's reader, the protocol halves, scoring and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from nlp.eval.claims import GoldSentence, Quantity, read_newsquant, score_claims, sentence_half
from nlp.eval.entities import GoldDataError


SEED = Path(__file__).parent.parent / "corpus" / "seed_ice_amnesty.txt"


def test_seed_article(pipeline):
    text = SEED.read_text(encoding="utf-8")
    found = {(c.text, c.low, c.high, c.qualifier) for c in pipeline(text)._.claims}
    expected = {
        ("1 million", 1e6, 1e6, "="),
        ("tens of thousands", 1e4, 1e5, "="),  # a vague amount is stated by its explicit bounds
        ("2 million", 2e6, 2e6, "="),
        ("more than 1,200", 1200, 1200, ">"),
        ("between 60,000 and 80,000", 60000, 80000, "="),
        ("more than 97,000", 97000, 97000, ">"),
        ("fourfold", 4, 4, "="),
        ("360,000 to 480,000", 360000, 480000, "="),
        ("Fewer than 50", 50, 50, "<"),
        ("no more than 25,000", 25000, 25000, "<="),
        ("1,049,532", 1049532, 1049532, "="),
    }
    assert expected <= found
    assert {claim[0] for claim in found} - {claim[0] for claim in expected} == {"eight months"}
    by_text = {c.text: c for c in reversed(pipeline(text)._.claims)}  # the first "1 million" wins
    assert by_text["1 million"].time == "by 2024"
    assert by_text["2 million"].unit == "case"
    assert by_text["tens of thousands"].unit == by_text["no more than 25,000"].unit == "case"
    assert [c.unit for c in pipeline(text)._.claims if c.text == "1 million"] == ["migrant", "case"]
    assert by_text["1,049,532"].quantity == "migrants released into the U.S."


def test_scoring_matches_values_ranges_units_and_changes():
    gold = [GoldSentence("s", [Quantity(5.0, "percentage", "up"), Quantity((1.0, 2.0), "dollar", "="), Quantity(7.0, "mile", "=")])]
    predicted = [[Quantity(5.0, "percentage", "="), Quantity((1.0, 2.0), "dollar", "="), Quantity(9.0, "-", "=")]]
    scores = score_claims(gold, predicted)
    assert (scores.value.correct, scores.value_unit.correct, scores.value_change.correct) == (2, 2, 1)
    assert scores.value.precision == pytest.approx(2 / 3) and scores.value.recall == pytest.approx(2 / 3)


def test_newsquant_reader(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text('[{"text": "t", "quantities": [{"value": "4.8-4.7", "normalized_unit": "Percentage", "change": "="}, {"value": "-3", "normalized_unit": "-", "change": "down"}]}]')
    quantities = read_newsquant(gold)[0].quantities
    assert quantities[0].value == (4.7, 4.8) and quantities[0].unit == "percent"  # the gold name, normalised as ours are
    assert quantities[1].value == -3.0
    (tmp_path / "bad.json").write_text('{"text": 1}')
    with pytest.raises(GoldDataError):
        read_newsquant(tmp_path / "bad.json")
    with pytest.raises(GoldDataError):
        read_newsquant(tmp_path / "missing.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(GoldDataError, match="not UTF-8 text"):
        read_newsquant(tmp_path / "binary.json")


def test_protocol_halves_split_by_sentence_hash(tmp_path):
    texts = [f"Sentence {number} has {number} cases." for number in range(40)]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": text, "quantities": []} for text in texts]))
    tune, check = read_newsquant(gold, "tune"), read_newsquant(gold, "check")
    assert len(tune) + len(check) == 40 and tune and check
    assert {s.text for s in tune} == {text for text in texts if sentence_half(text) == "tune"}
    assert [s.text for s in read_newsquant(gold, "all")] == texts


def test_eval_claims_writes_misses_only_when_named(tmp_path, monkeypatch):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": "Police counted 12 cars and 3 trucks.", "quantities": [{"value": "12", "normalized_unit": "car", "change": "="}]}]))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--ner", "spacy"])
    assert result.exit_code == 0, result.output
    assert "value+unit" in result.output and sorted(path.name for path in tmp_path.iterdir()) == ["gold.json"]
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--ner", "spacy", "--half", "all", "--misses", "m.jsonl"])
    assert result.exit_code == 0 and json.loads((tmp_path / "m.jsonl").read_text())["spurious"][0]["value"] == 3.0
    assert CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--half", "dev"]).exit_code == 2
