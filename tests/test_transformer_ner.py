"""The transformer entity recognizer: the shipped model, the hybrid merge, windowing and model loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc, Span
from typer.testing import CliRunner

import cli
from nlp.data.ner import case_token_types
from nlp.extract.pipeline import ModelError, load_pipeline, resolve_model, resolve_ner
from nlp.run.runner import RunOptions, run
from nlp.extract.transformer_ner import WINDOW_OVERLAP, WINDOW_WORDS, WordTagger, _window_starts, merge_entities

SHIPPED = Path(__file__).resolve().parent.parent / "models" / "ner-minilm-conll03"


@pytest.fixture(scope="module")
def hybrid():
    return load_pipeline(resolve_model(None), None, resolve_ner("hybrid"))


@pytest.fixture(scope="module")
def tagger():
    return WordTagger(str(SHIPPED))


def entities(pipeline, text: str) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in pipeline(text).ents}


def test_hybrid_is_the_default_when_the_shipped_model_is_present():
    assert resolve_ner(None) == f"hf:{SHIPPED}"


def test_shipped_model_tags_names_and_spacy_keeps_dates_and_numbers(hybrid):
    found = entities(hybrid, "Angela Merkel met Joe Biden in Berlin on Friday to discuss 2 million refugees.")
    assert found["Angela Merkel"] == "PERSON"
    assert found["Joe Biden"] == "PERSON"
    assert found["Berlin"] == "GPE"
    assert found["Friday"] == "DATE"
    assert found["2 million"] == "CARDINAL"


def test_seed_names_are_found_whole(hybrid):
    seed = (Path(__file__).resolve().parent.parent / "corpus" / "seed_ice_amnesty.txt").read_text(encoding="utf-8")
    canonicals = {mention.canonical for mention in hybrid(seed)._.entities}
    assert {
        "Kerry Doyle",
        "Alejandro Mayorkas",
        "Joe Biden",
        "U.S. Immigration and Customs Enforcement",
        "Transactional Records Access Clearinghouse",
        "Washington Examiner",
    } <= canonicals


def _doc(hybrid, words: list[str]) -> Doc:
    return Doc(hybrid.vocab, words=words)


def test_merge_maps_labels_and_prefers_transformer_spans(hybrid):
    doc = _doc(hybrid, ["The", "French", "team", "flew", "to", "Paris", "for", "the", "2024", "Olympics", "on", "Monday"])
    transformer = [Span(doc, 1, 2, "MISC"), Span(doc, 5, 6, "LOC"), Span(doc, 8, 10, "MISC")]
    spacy_entities = [Span(doc, 5, 6, "GPE"), Span(doc, 8, 9, "DATE"), Span(doc, 11, 12, "DATE"), Span(doc, 1, 2, "NORP")]
    merged = [(span.text, span.label_) for span in merge_entities(doc, transformer, spacy_entities)]
    # spaCy's finer label for the same span; its DATE inside a transformer span is dropped; other dates stay.
    assert merged == [("French", "NORP"), ("Paris", "GPE"), ("2024 Olympics", "MISC"), ("Monday", "DATE")]


def test_merge_falls_back_without_a_matching_spacy_span(hybrid):
    doc = _doc(hybrid, ["Afghan", "officials", "met", "in", "Kabul", "and", "read", "Harry", "Potter"])
    doc[0].tag_ = "JJ"
    transformer = [Span(doc, 0, 1, "MISC"), Span(doc, 4, 5, "LOC"), Span(doc, 7, 9, "MISC"), Span(doc, 2, 3, "PER")]
    merged = {span.text: span.label_ for span in merge_entities(doc, transformer, [])}
    assert merged == {"Afghan": "NORP", "Kabul": "GPE", "Harry Potter": "MISC", "met": "PERSON"}


@pytest.mark.parametrize("n_words", [1, WINDOW_WORDS - 1, WINDOW_WORDS, WINDOW_WORDS + 1, 3 * WINDOW_WORDS + 7])
def test_windows_cover_every_word(n_words):
    starts = _window_starts(n_words)
    covered = {i for start in starts for i in range(start, min(start + WINDOW_WORDS, n_words))}
    assert covered == set(range(n_words))
    assert all(later - earlier == WINDOW_WORDS - WINDOW_OVERLAP for earlier, later in zip(starts, starts[1:]))


def test_name_at_a_window_edge_is_tagged_whole(tagger):
    filler = ["the", "committee", "met", "again", "and"] * 60
    edge = WINDOW_WORDS - WINDOW_OVERLAP - 1  # the name straddles where the second window starts
    words = filler[:edge] + ["Angela", "Merkel"] + filler[edge:] + ["."]
    tags = tagger.tag([words])[0]
    assert tags[edge : edge + 2] == ["B-PER", "I-PER"]


def test_long_document_keeps_exact_offsets(tmp_path):
    sentence = "Chancellor Angela Merkel told reporters in Berlin that talks with Emmanuel Macron would go on. "
    text = sentence * 80 + ("word " * 400) + "Joe Biden spoke last."
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = run([tmp_path / "long.txt"], RunOptions(out=tmp_path / "out", workers=1, ner="hybrid"))
    found = result.tables["entities"]
    assert all(text[start:end] == span for start, end, span in zip(found["start"], found["end"], found["text"]))
    assert (found["canonical"] == "Joe Biden").any()
    assert (found["canonical"] == "Angela Merkel").sum() == 80


def test_capitalised_words_become_token_type_one():
    assert case_token_types(["Joe", "met", "NASA", "staff"], [None, 0, 1, 1, 2, 3, None]) == [0, 1, 0, 0, 1, 0, 0]


def _tiny_bert(folder: Path) -> Path:
    """A random 2-layer BERT token classifier with a word-level vocabulary, saved like a hub model."""
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "angela", "merkel", "met", "in", "berlin", "."]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    config = BertConfig(
        vocab_size=len(words), hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
        num_labels=len(labels), id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)},
    )
    BertForTokenClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_any_token_classification_model_runs_through_analyze(tmp_path):
    model = _tiny_bert(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Angela Merkel met Joe Biden in Berlin.", encoding="utf-8")
    result = run([tmp_path / "articles"], RunOptions(out=tmp_path / "out", workers=1, ner=f"hf:{model}"))
    assert result.manifest["ner"] == f"hf:{model}"
    assert "presslens_transformer_ner" in result.manifest["model"]["components"]
    assert result.tables["documents"]["status"].tolist() == ["ok"]


@pytest.mark.parametrize("broken", ["missing", "corrupt"])
def test_unusable_model_folder_is_a_one_line_error(tmp_path, broken):
    model = tmp_path / "model"
    if broken == "corrupt":
        model.mkdir()
        (model / "config.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Angela Merkel met Joe Biden in Berlin.", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["analyze", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet", "--ner", f"hf:{model}"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error:")


def test_unknown_ner_value_is_refused():
    with pytest.raises(ModelError, match="Unknown --ner value"):
        resolve_ner("bert")


def test_names_never_run_across_a_line_break(hybrid):
    doc = hybrid("Photo of the launch\nMUSK\nElon Musk said the rocket was ready. Shinzo Abe\nTrump met reporters.")
    names = {ent.text for ent in doc.ents if ent.label_ == "PERSON"}
    assert all("\n" not in name for name in names)
    assert "Elon Musk" in names


def test_hyphenated_names_are_one_word_and_punctuation_is_no_entity(hybrid):
    found = entities(hybrid, "1. Gail Devers ( U.S. ) 10.89 seconds\nTalks on Nagorno-Karabakh resumed, Itar-Tass said.")
    assert found["Gail Devers"] == "PERSON"
    assert {"Nagorno-Karabakh", "Itar-Tass"} <= set(found)
    assert all(any(character.isalnum() for character in text) for text in found)


def test_eval_entities_raw_scores_character_offsets(tmp_path):
    gold = tmp_path / "gold.conll"
    gold.write_text(
        "Angela B-PER\nMerkel I-PER\nmet O\nJoe B-PER\nBiden I-PER\nin O\nBerlin B-LOC\n. O\n\n"
        "Fighting O\nin O\nNagorno-Karabakh B-LOC\nstopped O\n. O\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli.app, ["eval", "entities", "--raw", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if "overall" in line)
    assert overall.split("│")[-2].strip() == "4"  # four predicted entities, all at the gold offsets
    assert "100.00%" in overall


def test_a_leading_function_word_joins_the_name_or_goes(hybrid):
    found = entities(hybrid, "Thurman is quoted in The New York Times on Saturday.")
    assert "The" not in found
    assert found.get("The New York Times", found.get("New York Times")) == "ORG"


def test_country_used_as_an_adjective_stays_a_place(hybrid):
    doc = hybrid("According to US military sources, North Korea has been spotted moving missiles.")
    assert {m.entity_key for m in doc._.entities if m.text == "US"} == {"place:united-states"}


def test_long_document_is_parsed_in_sections_with_exact_offsets(monkeypatch):
    import nlp.extract.pipeline
    from nlp.run.process import BatchJob, process_batch
    from nlp.io.read import Article

    monkeypatch.setattr(nlp.extract.pipeline, "SECTION_CHARS", 2_000)
    paragraph = "Chancellor Angela Merkel told reporters in Berlin that talks would go on. Merkel said \"we will see\" about 5 percent.\n"
    text = "Angela Merkel spoke first.\n" + paragraph * 60 + "word " * 900 + "Later Merkel left for Paris."
    job = BatchJob([(Article("long", "long.txt", text), "sha")], resolve_model(None), None, resolve_ner("hybrid"), 1, None)
    rows = process_batch(job)[0]
    assert rows["documents"][0]["status"] == "ok"
    found = rows["entities"]
    assert all(text[row["start"] : row["end"]] == row["text"] for row in found)
    assert {row["entity_key"] for row in found if "Merkel" in row["text"]} == {"person:angela-merkel"}  # clustered across sections
    assert found[-1]["text"] == "Paris" and found[-1]["end"] == len(text) - 1
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows["claims"])
