"""`presslens compare`: each cross-article table on hand-made articles whose right answers are known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from nlp.comparison.compare import compare, document_groups, write_compare_tables
from nlp.comparison.text import normal_text
from nlp.comparison.embed import Embedder
from nlp.run.runner import RunOptions, run
from nlp.schemas import COMPARE_TABLES

# Two outlets quote Merkel word for word, a third paraphrases her; police and
# organisers give conflicting crowd sizes; 1,049,532 and "more than 1 million" agree
# (the same figure within rounding).
ARTICLES = {
    "a1.json": ("www.herald.example", "berlin_protest", "2021-05-01T10:00:00", "Protest over tariffs in Berlin",
                'Chancellor Angela Merkel spoke in Berlin on Saturday. "We will not accept any new tariffs on European cars," Merkel said. '
                "Police said 60,000 people joined the protest in Berlin on Saturday. "
                "Volkswagen sold 1,049,532 cars in Germany in 2020, the company said."),
    "a2.json": ("www.courier.example", "berlin_protest", "2021-05-02T09:00:00", "Berlin protest draws crowds",
                'Angela Merkel addressed reporters. "We will not accept any new tariffs on European cars," she said. '
                "Organisers said 97,000 people joined the protest in Berlin on Saturday. "
                "Volkswagen sold more than 1 million cars in Germany in 2020."),
    "a3.json": ("www.courier.example", "berlin_protest", "2021-05-03T09:00:00", "Merkel rejects tariffs",
                'Angela Merkel was firm. "Europe will not accept any new tariffs on its cars," Merkel told the Bundestag on Monday.'),
    "a4.json": ("www.gazette.example", None, "2021-06-01T09:00:00", "Rain expected", "Heavy rain is expected in Hamburg this week."),
}


def _write_news_please(folder: Path, articles: dict = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (domain, event, date, title, text) in articles.items():
        record = {"title": title, "text": text, "date_publish": date, "source_domain": domain, "url": f"http://{domain}/{name}"}
        if event:
            record["newsCluster"] = {"Event": event, "EventId": 1}
        (folder / name).write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("compare")
    out = folder / "out"
    run([_write_news_please(folder / "articles")], RunOptions(out=out, workers=1, formats=("parquet", "csv")))
    return out


@pytest.fixture(scope="module")
def tables(analyzed, embedder) -> dict[str, pd.DataFrame]:
    return compare(analyzed, "outlet", embedder)


def test_entity_summary_counts_documents_outlets_and_dates(tables):
    merkel = tables["entity_summary"].set_index("entity_key").loc["person:angela-merkel"]
    assert (merkel["canonical"], merkel["label"], merkel["n_docs"], merkel["n_outlets"]) == ("Angela Merkel", "PERSON", 3, 2)
    assert merkel["outlets"] == "www.courier.example; www.herald.example"
    assert (merkel["first_published"], merkel["last_published"]) == ("2021-05-01T10:00:00", "2021-05-03T09:00:00")
    assert not tables["entity_summary"]["entity_key"].str.startswith(("date:", "number:")).any()


def test_coverage_is_long_form_by_outlet(tables):
    coverage = tables["coverage"].set_index(["entity_key", "group"])
    assert coverage.loc[("person:angela-merkel", "www.courier.example"), "n_docs"] == 2
    assert coverage.loc[("person:angela-merkel", "www.herald.example"), "n_docs"] == 1


def test_speakers_join_one_person_across_outlets(tables):
    merkel = tables["speakers"].set_index("speaker").loc["person:angela-merkel"]
    assert (merkel["speaker_type"], merkel["n_quotes"], merkel["n_docs"], merkel["n_outlets"]) == ("person", 3, 3, 2)


def test_source_mix_shares_add_up_per_group(tables):
    mix = tables["source_mix"]
    assert mix.groupby("group")["share"].sum().round(6).eq(1).all()
    assert set(mix["group"]) == {"www.herald.example", "www.courier.example"}  # the gazette quotes nobody


def test_quote_matches_find_the_exact_and_the_paraphrased_quote(tables):
    matches = tables["quote_matches"]
    merkel = matches[(matches["speaker_a"] == "person:angela-merkel") & (matches["speaker_b"] == "person:angela-merkel")]
    pairs = {(row.doc_id_a, row.doc_id_b): row.match for row in merkel.itertuples()}
    assert pairs[("a1.json", "a2.json")] == "exact"
    assert pairs[("a1.json", "a3.json")] == "paraphrase"
    assert not merkel["different_speakers"].any()
    assert (matches["doc_id_a"] != matches["doc_id_b"]).all()


def test_quote_matches_flag_different_speakers(tables):
    flagged = tables["quote_matches"][tables["quote_matches"]["different_speakers"]]
    assert all(row.speaker_a != row.speaker_b for row in flagged.itertuples())


@pytest.mark.parametrize(
    ("a", "b", "different"),
    [
        ("person:angela-merkel", "person:olaf-scholz", True),
        ("person:trump", "person:donald-j-trump", False),
        ("org:enio-cubillo", "person:enio-cubillo", False),
        ("person:angela-merkel", "she", False),
        ("the airline", "org:all-nippon-airways", False),
        ("(unknown)", "person:olaf-scholz", False),
    ],
)
def test_different_speakers_needs_two_different_names(a, b, different):
    from nlp.comparison.compare import different_speakers

    assert different_speakers(a, b) == different


def test_claim_groups_conflict_and_agree(tables):
    groups = {row.unit: row for row in tables["claim_groups"].itertuples()}
    crowd, cars = groups["people"], groups["car"]
    assert (crowd.status, crowd.min, crowd.max, crowd.n_docs) == ("conflict", 60000, 97000, 2)
    assert crowd.reason == "incompatible figures: 60,000 (www.herald.example) vs 97,000 (www.courier.example) from different sources"
    assert sorted(crowd.claim_ids) == ["a1.json:c1", "a2.json:c1"]
    assert (cars.status, cars.min, cars.max) == ("agree", 1_000_000, 1_049_532)


def test_normalised_quotes_ignore_case_punctuation_and_quotation_marks():
    assert normal_text("“We will not accept it,”  she said.") == normal_text('"we will NOT accept it" - she said')


def test_group_by_event_reads_news_please_meta_and_missing_goes_to_none(analyzed, embedder):
    coverage = compare(analyzed, "event", embedder)["coverage"]
    assert set(coverage["group"]) == {"berlin_protest", "(none)"}


def test_group_by_any_column_or_meta_key():
    documents = pd.DataFrame({"outlet": ["x", None], "meta": ['{"section": "world"}', None]})
    assert document_groups(documents, "outlet").tolist() == ["x", "(none)"]
    assert document_groups(documents, "section").tolist() == ["world", "(none)"]


def test_no_quotes_and_no_claims_give_empty_tables(tmp_path, embedder):
    out = tmp_path / "out"
    run([_write_news_please(tmp_path / "articles", {"a4.json": ARTICLES["a4.json"]})], RunOptions(out=out, workers=1))
    frames = compare(out, "outlet", embedder)
    for name in ("speakers", "source_mix", "quote_matches", "claim_groups"):
        assert frames[name].empty
        assert list(frames[name].columns) == COMPARE_TABLES[name].names
    write_compare_tables(frames, out)
    assert (out / "claim_groups.parquet").exists()
    result = CliRunner().invoke(app, ["compare", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "No claim groups: no quantity is reported by two or more articles of one story." in result.output
    assert "No quote matches across articles." in result.output


def test_tables_written_in_analyze_formats_and_duckdb(analyzed, tables):
    write_compare_tables(tables, analyzed)
    for name in COMPARE_TABLES:
        assert (analyzed / f"{name}.parquet").exists() and (analyzed / f"{name}.csv").exists()
    with duckdb.connect(str(analyzed / "presslens.duckdb"), read_only=True) as connection:
        names = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        conflicts = connection.execute("SELECT count(*) FROM claim_groups WHERE status = 'conflict'").fetchone()[0]
    assert set(COMPARE_TABLES) | {"documents", "entities", "quotes", "claims"} <= names
    assert conflicts == 1


def test_embeddings_are_cached_per_text(tmp_path):
    first = Embedder(threads=1, cache_dir=tmp_path)
    vectors = first.embed(["one quote", "another quote", "one quote"])
    assert first.computed == 2 and vectors.shape[0] == 3
    second = Embedder(threads=1, cache_dir=tmp_path)
    assert (second.embed(["one quote", "a new quote"])[0] == vectors[0]).all()
    assert second.computed == 1


def test_a_text_has_one_vector_whatever_it_is_embedded_with():
    # int8 layers scaled a batch's activations by its largest value, so batch-mates moved a text's vector.
    text = "The sell-off was steep, as the $N drop between 01:00 and 04:00 UTC shows."
    alone = Embedder(threads=1).embed([text])[0]
    mates = ["Short.", "A far longer sentence about a toll that rose to N people overnight, the minister told reporters on Friday.", "!!! 1234567 £££ ???"]
    batched = Embedder(threads=1).embed(mates * 5 + [text])[-1]
    assert float(alone @ batched) > 0.9999


def test_cli_compare_prints_the_tables(analyzed):
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["compare", str(analyzed), "--group-by", "event", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Source mix by event" in result.output and "1 claim conflicts" in result.output
    assert "Organisers said 97,000 people" in result.output


def test_cli_compare_without_analyze_output_is_one_error_line(tmp_path):
    result = CliRunner().invoke(app, ["compare", str(tmp_path)])
    assert result.exit_code == 2
    assert "No 'documents' table" in result.output


def test_tiny_models_for_ner_and_embedder_run_through_compare(tmp_path):
    from test_transformer_ner import _tiny_bert

    model = _tiny_bert(_made(tmp_path / "tiny"))
    out = tmp_path / "out"
    run([_write_news_please(tmp_path / "articles")], RunOptions(out=out, workers=1, ner=f"hf:{model}"))
    frames = compare(out, "event", Embedder(str(model), threads=1))
    assert {name: list(frame.columns) for name, frame in frames.items()} == {name: schema.names for name, schema in COMPARE_TABLES.items()}
    assert frames["quote_matches"]["match"].eq("exact").any()  # the word-for-word quote needs no good embedder


def test_unloadable_embedder_is_one_error_line(analyzed, tmp_path):
    result = CliRunner().invoke(app, ["compare", str(analyzed), "--embedder", str(tmp_path / "no-such-model")])
    assert result.exit_code == 2
    assert "Cannot load the embedder" in result.output


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


def test_an_outlets_boilerplate_is_no_quote_match(tmp_path, embedder):
    line = 'The council met on Monday. "You agree to receive occasional updates and special offers," the newsletter said.'
    articles = {f"b{i}.json": ("www.daily.example", None, "2021-01-01", f"Story {i}", line) for i in range(3)}
    articles["c.json"] = ("www.other.example", None, "2021-01-01", "Other", line)
    out = tmp_path / "out"
    run([_write_news_please(tmp_path / "articles", articles)], RunOptions(out=out, workers=1))
    assert compare(out, "outlet", embedder)["quote_matches"].empty


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_compare_shows_a_spinner_on_a_terminal_unless_quiet(analyzed, monkeypatch, quiet):
    import io

    from rich.console import Console

    import cli

    terminal = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=terminal, force_terminal=True, width=120))
    result = CliRunner().invoke(app, ["compare", str(analyzed), "--workers", "1"] + (["--quiet"] if quiet else []))
    assert result.exit_code == 0, result.output
    assert ("Comparing articles" in terminal.getvalue()) is not quiet


@pytest.mark.parametrize(
    ("a", "b", "score", "one_speaker", "kind"),
    [
        # An excerpt of a longer statement, cut differently by each outlet.
        ("human rights are denied by fanatics and france is clearly their target",
         "france has been struck human rights are denied by fanatics and france is quite clearly their target", 0.7, False, "partial"),
        ("that the girls were very tired coming out of the process", "were all them very tired coming out of the process", 0.4, False, "partial"),
        # Five shared words are enough only when one named speaker said both, and they are a fair share of the shorter quote.
        ("the girls as being in reasonably good health considering the circumstances",
         "they are reasonably in good health considering the circumstances in which they have been held", 0.6, True, "partial"),
        ("the girls as being in reasonably good health considering the circumstances",
         "they are reasonably in good health considering the circumstances in which they have been held", 0.6, False, None),
        # Two translations of one statement share few words: the speaker and the embeddings must agree.
        ("the government deeply regrets the death of the passengers", "the state profoundly laments that passengers died", 0.8, True, "paraphrase"),
        ("the government deeply regrets the death of the passengers", "the state profoundly laments that passengers died", 0.8, False, None),
        ("we are monitoring the situation closely with the authorities", "france is afflicted but she is strong", 0.65, True, None),
        # Reported speech of one named speaker, worded by each reporter ("would review the proposal", "would review the latest offer").
        ("its board would review the proposal before responding", "that its board of directors would review the latest offer", 0.72, True, "paraphrase"),
        ("its board would review the proposal before responding", "that its board of directors would review the latest offer", 0.72, False, None),
    ],
)
def test_quote_match_kinds_for_partial_quotes_and_translations(a, b, score, one_speaker, kind):
    from nlp.comparison.compare import quote_match_kind

    assert quote_match_kind(a, b, score, one_speaker) == kind


def test_a_phrase_two_reporters_both_quote_marks_one_statement():
    from nlp.comparison.compare import _sharing_quoted_words, quote_match_kind

    texts = [
        "the sheriff described the gunman as a “lone wolf” whose plans nobody noticed",
        'officials believe it was a "lone wolf" attack',
        "the bid was its “best and final offer.”",
        "the new offer will be the company's “best and final,”",
        "that the “lone” gunman acted by himself",  # one quoted word is no phrase of the speaker's
        "it was a lone wolf attack, officials believe",  # the same words, not quoted: no evidence of a quotation
        "he called it “the work of a lone wolf with a grudge”",  # a longer quotation holding the phrase
    ]
    sharing = _sharing_quoted_words(texts)
    assert sharing[0, 1] and sharing[1, 0] and sharing[2, 3] and sharing[0, 6] and sharing[6, 1]
    assert not sharing[0, 4] and not sharing[1, 5] and not sharing[0, 2] and not sharing[0, 0]
    assert quote_match_kind("officials believe it was a lone wolf attack", "the sheriff described the gunman as a lone wolf", 0.3, False, True) == "partial"
    assert quote_match_kind("officials believe it was a lone wolf attack", "the sheriff described the gunman as a lone wolf", 0.3, False, False) is None


def test_claims_within_a_quotes_speaker_are_marked_and_a_one_there_names_who_spoke():
    from nlp.comparison.group_filters import in_speaker, is_lone_one

    claims = pd.DataFrame({"doc_id": ["d0", "d1", "d2"], "start": [0, 0, 40], "end": [3, 3, 42]})
    quotes = pd.DataFrame({"doc_id": ["d0", "d2", "d2"], "speaker_start": [0, 0, None], "speaker_end": [22, 22, None]})
    assert in_speaker(claims, quotes).tolist() == [True, False, False]  # d1 has no quote; d2's claim is outside the speaker
    assert is_lone_one("One", "social media user", names_speaker=True) and not is_lone_one("One", "social media user")
    assert is_lone_one("one", "witness") and not is_lone_one("one", "worker injured", names_speaker=False)


class _UnrelatedEmbedder:
    """Every text orthogonal to every other: only shared words can pair two quotes."""

    def embed(self, texts: list[str]):
        import numpy as np

        return np.eye(len(texts), dtype="float32")


def test_quotes_sharing_a_run_of_words_pair_however_far_their_embeddings():
    from nlp.comparison.compare import quote_matches

    quotes = pd.DataFrame(
        {
            "quote_id": ["q1", "q2", "q3"],
            "doc_id": ["d1", "d2", "d3"],
            "text": ['the girls were "very tired coming out of the process"', '"were all them very tired coming out of the process"', '"the weather was fine all day long today"'],
            "speaker_key": ["person:garba-shehu", "person:mallam-garba-shehu", None],
            "speaker_canonical": [None, None, None],
            "speaker": ["Shehu", "Garba Shehu", "a witness"],
            "outlet": ["a.example", "b.example", "c.example"],
            "group": ["a.example", "b.example", "c.example"],
            "story_id": [1, 1, 1],
        }
    )
    matches = quote_matches(quotes, _UnrelatedEmbedder())
    assert matches[["quote_id_a", "quote_id_b", "match"]].values.tolist() == [["q1", "q2", "partial"]]
    assert not matches["different_speakers"].iloc[0]


@pytest.mark.parametrize(
    ("own", "other", "carried"),
    [
        ("(unknown)", "person:francois-hollande", "person:francois-hollande"),
        ("the statement", "person:jonathan-blake", "person:jonathan-blake"),
        ("person:garba-shehu", "person:muhammadu-buhari", "person:garba-shehu"),  # a named side keeps its own: that is a disagreement
        ("he", "the spokesperson", "he"),
    ],
)
def test_an_unnamed_side_of_a_quote_match_carries_the_named_speaker(own, other, carried):
    from nlp.comparison.compare import carried_speaker

    assert carried_speaker(own, other) == carried
