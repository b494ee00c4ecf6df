"""Stories: which articles report the same story, from articles and entities these tests write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from nlp.comparison.compare import compare
from nlp.run.runner import RunOptions, run
from nlp.schemas import COMPARE_TABLES
from nlp.comparison.stories import LEAD_CHARS, event_stories, find_stories, lead_passages
from test_compare import _write_news_please

# Two outlets on a tram crash in Croydon, two on bitcoin's fall, one on a zoo; no event field.
ARTICLES = {
    "tram1.json": ("www.herald.example", "2016-11-09T10:00:00", "Seven killed as tram overturns in Croydon",
                   "At least seven people were killed when a tram overturned in Croydon, south London, on Wednesday. "
                   "British Transport Police said more than 50 people were taken to hospital."),
    "tram2.json": ("www.courier.example", "2016-11-09T18:00:00", "Croydon tram crash: seven dead after derailment",
                   "Seven people died after a tram derailed on a sharp bend in Croydon. "
                   "British Transport Police said 51 people were taken to hospital."),
    "coin1.json": ("www.herald.example", "2018-02-06T09:00:00", "Bitcoin price falls below $6,000",
                   "The price of bitcoin fell below $6,000 on Tuesday as regulators in South Korea and China signalled a crackdown."),
    "coin2.json": ("www.ledger.example", "2018-02-06T11:00:00", "Bitcoin plunges to lowest level since November",
                   "Bitcoin plunged below $6,000 on Tuesday, its lowest level since November, amid a regulatory crackdown in South Korea."),
    "zoo.json": ("www.gazette.example", "2016-05-29T09:00:00", "Zoo welcomes a baby giraffe",
                 "Cincinnati Zoo keepers welcomed a baby giraffe on Sunday, the zoo said."),
}


def write_articles(folder: Path, articles: dict = ARTICLES) -> Path:
    """The articles as news-please JSON files without an event field."""
    return _write_news_please(folder, {name: (domain, None, date, title, text) for name, (domain, date, title, text) in articles.items()})


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    out = folder / "out"
    run([write_articles(folder / "articles")], RunOptions(out=out, workers=1))
    return out


def _story_of(stories: pd.DataFrame) -> dict[str, int]:
    return dict(zip(stories["doc_id"], stories["story_id"]))


def test_find_stories_joins_articles_of_one_story_and_keeps_others_apart(embedder):
    documents = pd.DataFrame({"doc_id": list(ARTICLES), "published": [article[1] for article in ARTICLES.values()]})
    entities = pd.DataFrame(
        [{"doc_id": doc, "sentence": 0, "entity_key": "gpe:croydon", "canonical": "Croydon"} for doc in ("tram1.json", "tram2.json")]
        + [{"doc_id": doc, "sentence": 0, "entity_key": "gpe:south-korea", "canonical": "South Korea"} for doc in ("coin1.json", "coin2.json")]
    )
    leads = [lead_passages(title, text) for _, _, title, text in ARTICLES.values()]
    stories = find_stories(documents, entities, embedder, leads)
    story = _story_of(stories)
    assert story["tram1.json"] == story["tram2.json"] != story["coin1.json"] == story["coin2.json"]
    assert story["zoo.json"] not in (story["tram1.json"], story["coin1.json"])
    assert set(stories[stories["story_id"] == story["tram1.json"]]["label"]) == {"Croydon"}
    assert list(stories.columns) == COMPARE_TABLES["stories"].names


def test_articles_far_apart_in_time_are_less_alike(embedder):
    documents = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2016-11-09", "2019-06-01"]})
    entities = pd.DataFrame(columns=["doc_id", "sentence", "entity_key", "canonical"])
    leads = [("Bitcoin price falls below $6,000 on Tuesday",), ("Bitcoin price falls below $6,000 on Tuesday again",)]
    close = find_stories(documents.assign(published=["2016-11-09", "2016-11-10"]), entities, embedder, leads)
    assert close["story_id"].nunique() == 1
    far = find_stories(documents, entities, embedder, [("Bitcoin falls on Tuesday",), ("Bitcoin price drops after a crackdown",)])
    assert far["story_id"].nunique() == 2


def test_the_lead_is_the_title_with_the_start_of_the_text_then_the_next_stretch():
    text = "a" * LEAD_CHARS + "b" * LEAD_CHARS + "c" * LEAD_CHARS
    assert lead_passages("Title", text) == ("Title " + "a" * LEAD_CHARS, "b" * LEAD_CHARS)
    assert lead_passages("Title", "Short text.") == ("Title Short text.",)
    assert lead_passages(None, None) == ()


def test_a_second_passage_joins_a_follow_up_whose_first_lines_differ(embedder):
    # Same background in the second stretch, different angles up front: the background makes them one story.
    background = ("A tram overturned on a sharp bend in Croydon, south London, killing seven people. "
                  "British Transport Police said the tram was travelling too fast and more than fifty were hurt. ")
    documents = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2016-11-09", "2016-11-12"]})
    entities = pd.DataFrame(columns=["doc_id", "sentence", "entity_key", "canonical"])
    first = ("Croydon mourns the victims", "Mourners lit candles and laid flowers at a vigil in Croydon on Friday evening.".ljust(LEAD_CHARS))
    second = ("Tram driver questioned by police", "The tram driver, aged 42, was released on bail pending further inquiries.".ljust(LEAD_CHARS))
    leads = [lead_passages(title, text + background) for title, text in (first, second)]
    assert len(leads[0]) == 2 and leads[0][1].startswith("A tram overturned")
    assert find_stories(documents, entities, embedder, [lead[:1] for lead in leads])["story_id"].nunique() == 2
    assert find_stories(documents, entities, embedder, leads)["story_id"].nunique() == 1


def test_one_article_is_one_story_and_events_give_the_stories():
    documents = pd.DataFrame({"doc_id": ["only"], "published": [None]})
    entities = pd.DataFrame(columns=["doc_id", "sentence", "entity_key", "canonical"])
    assert find_stories(documents, entities, None, [("A lone article",)])["story_id"].tolist() == [1]
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    stories = event_stories(documents, pd.Series(["crash", None, "crash"]), entities)
    assert _story_of(stories) == {"a": 1, "c": 1, "b": 2}


def test_compare_without_events_finds_stories_and_groups_claims_within_them(analyzed, embedder):
    frames = compare(analyzed, "story", embedder)
    story = _story_of(frames["stories"])
    assert story["tram1.json"] == story["tram2.json"]
    killed = frames["claim_groups"][frames["claim_groups"]["quantity"].astype(str).str.contains("killed|died")]
    assert len(killed) == 1 and killed.iloc[0]["status"] == "agree" and killed.iloc[0]["story_id"] == story["tram1.json"]
    assert set(frames["coverage"]["group"]).issuperset({f"{story['tram1.json']}: " + frames["stories"].set_index("doc_id").loc["tram1.json", "label"]})


def test_a_single_article_gives_empty_tables_and_one_line(tmp_path):
    out = tmp_path / "out"
    run([write_articles(tmp_path / "articles", {"zoo.json": ARTICLES["zoo.json"]})], RunOptions(out=out, workers=1))
    result = CliRunner().invoke(app, ["compare", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "No claim groups: no quantity is reported by two or more articles of one story." in result.output
    assert "1 stories, 0 of them reported by two or more articles." in result.output
