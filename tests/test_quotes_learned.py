"""The hybrid attributions: the protocol halves of eval quotes, and the tagger's spans decoded and merged."""

from __future__ import annotations

import shutil

import pytest

from nlp.pipeline import load_pipeline, resolve_model
from nlp.quotes_eval import article_half, evaluate_quotes
from nlp.store import read_table
from tests.test_quotes import tagger_spans, write_gold


@pytest.fixture(scope="module")
def parse():
    """Text -> a parsed Doc with rule quotes (spaCy's own recognizer keeps this fast)."""
    return load_pipeline(resolve_model(None), None, "spacy")


def test_eval_quotes_scores_only_the_articles_of_its_half(tmp_path):
    gold = write_gold(tmp_path / "gold")
    assert (article_half("a1"), article_half("a2")) == ("tune", "check")
    for suffix in ("_x.ann", "_y.ann"):
        shutil.copy(gold / "attributions" / f"a1{suffix}", gold / "attributions" / f"a2{suffix}")
    shutil.copy(gold / "text" / "a1.txt", gold / "text" / "a2.txt")
    options = {"model": None, "ner": "spacy", "workers": 1, "quotes": "rules"}
    assert evaluate_quotes(gold, tmp_path / "all", **options).gold["all"] == 4
    scores = evaluate_quotes(gold, tmp_path / "tune", **options, half="tune")
    assert scores.gold["all"] == 2
    assert len(read_table(tmp_path / "tune", "documents")) == 1  # the other half is not even analysed
