"""The extractors as spaCy components: each declares what it reads and writes, and a configured
pipeline saved with `to_disk` loads back and gives the same results."""

from __future__ import annotations

from pathlib import Path

import spacy

from nlp.extract.pipeline import PRESSLENS_COMPONENTS, load_pipeline, resolve_model, resolve_ner, resolve_quotes

TEXT = 'Police said on Monday that 25 people were killed. "We are shocked," said Mayor Jane Smith, 45. She said the toll may rise.'


def _default_pipeline():
    return load_pipeline(resolve_model(None), None, resolve_ner(None), 1, resolve_quotes(None))


def test_every_extractor_declares_its_inputs_and_outputs_and_finds_them_earlier():
    pipeline = _default_pipeline()
    analysis = pipeline.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]  # a required attribute no earlier component sets
    for name in (*PRESSLENS_COMPONENTS, "presslens_transformer_ner", "presslens_attribution_tagger"):
        assert pipeline.get_pipe_meta(name).assigns, name


def test_moving_quotes_after_claims_is_reported():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("presslens_claims")
    problems = pipeline.analyze_pipes()["problems"]["presslens_claims"]
    assert "doc._.quotes" in problems and "token.dep" in problems


def test_a_saved_pipeline_loads_back_with_the_same_results(tmp_path: Path):
    pipeline = _default_pipeline()
    before = pipeline(TEXT)
    pipeline.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    after = loaded(TEXT)
    assert loaded.pipe_names == pipeline.pipe_names
    assert [(ent.text, ent.label_) for ent in after.ents] == [(ent.text, ent.label_) for ent in before.ents]
    assert [(quote.text, quote.speaker) for quote in after._.quotes] == [(quote.text, quote.speaker) for quote in before._.quotes]
    assert [(claim.value, claim.unit) for claim in after._.claims] == [(claim.value, claim.unit) for claim in before._.claims]
    assert before._.quotes and before._.claims


def test_the_record_functions_give_one_plain_dict_per_row_with_the_table_columns():
    from nlp.extract import records
    from nlp.schemas import TABLES

    doc = load_pipeline(resolve_model(None))(TEXT)
    for name, rows in (("entities", records.entities(doc)), ("quotes", records.quotes(doc)), ("claims", records.claims(doc))):
        assert rows and all(isinstance(row, dict) for row in rows), name
        assert set(rows[0]) <= set(TABLES[name].names), name
    assert {"value": 25.0, "unit": "people"}.items() <= records.claims(doc)[0].items()
    assert records.claims(spacy.blank("en")("no pipeline here")) == []


def test_the_text_the_first_component_keeps_is_the_documents_own_and_a_doc_without_it_is_joined():
    from spacy.tokens import Doc

    from nlp.extract.doc_text import TEXT_KEY, doc_text

    pipeline = _default_pipeline()
    doc = pipeline("Fares rose 4%\nin June,  the  operator said.")
    assert doc.user_data[TEXT_KEY] == doc.text == doc_text(doc) == "Fares rose 4%\nin June,  the  operator said."
    bare = Doc(pipeline.vocab, words=["Sales", "fell", "3%"], spaces=[True, True, False])
    assert doc_text(bare) == "Sales fell 3%" and TEXT_KEY not in bare.user_data
