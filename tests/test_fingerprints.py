"""The results cache keys on what made a result: editing later stages reuses it, editing extraction redoes it and says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nlp.io.fingerprints as fingerprints
from nlp.lexicons import MODELS_DIR
from nlp.run.runner import RunOptions, run

NLP_DIR = fingerprints.PACKAGE_DIR


def test_extraction_modules_are_the_analyze_stage_only():
    modules = {path.relative_to(NLP_DIR).as_posix() for path in fingerprints.extraction_modules()}
    assert {"run/process.py", "extract/pipeline.py", "io/tables.py", "extract/claims.py", "extract/entities.py", "extract/quotes/speakers.py", "extract/unit_senses.py"} <= modules
    later_stages = {"comparison/compare.py", "render/report.py", "render/terminal.py", "io/export.py", "eval/commands.py", "cli_support.py", "io/browse.py", "run/runner.py", "comparison/claim_groups.py", "comparison/stories.py", "__init__.py"}
    assert not modules & later_stages


def test_only_lexicons_named_by_later_stages_alone_are_left_out():
    lexicons = {path.relative_to(MODELS_DIR).as_posix() for path in fingerprints.extraction_lexicons()}
    # people_nouns.txt is read by compare's claim groups and by the speakers of quotes: it counts.
    assert {"registry.json", "lexicons/reporting_verbs.txt", "lexicons/units.tsv", "lexicons/person_nouns.txt", "lexicons/people_nouns.txt"} <= lexicons
    assert "lexicons/compare_noise.txt" not in lexicons  # read by compare only
    assert "lexicons/README.md" not in lexicons


def test_what_changed_names_the_files():
    old = {"code": {"nlp/extract/claims.py": "a", "nlp/io/tables.py": "b"}, "lexicons": {"lexicons/units.tsv": "c"}}
    new = {"code": {"nlp/extract/claims.py": "z", "nlp/io/tables.py": "b"}, "lexicons": {"lexicons/units.tsv": "c"}}
    assert fingerprints.what_changed(old, new).startswith("code changed (nlp/extract/claims.py);")
    assert "older presslens" in fingerprints.what_changed(None, new)


@pytest.fixture
def editable_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the nlp sources and the small model files that the fingerprints read instead of the real ones."""
    root = tmp_path / "checkout"
    shutil.copytree(NLP_DIR, root / "nlp", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "models").mkdir()
    for part in ("registry.json", "lexicons", "unit_senses"):
        source = MODELS_DIR / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / "models" / part)
    monkeypatch.setattr(fingerprints, "PACKAGE_DIR", root / "nlp")
    monkeypatch.setattr(fingerprints, "MODELS_DIR", root / "models")
    fingerprints.extraction_modules.cache_clear()
    yield root
    fingerprints.extraction_modules.cache_clear()


def test_editing_later_stages_reuses_results_and_extraction_edits_redo_them(editable_copy: Path, articles_dir: Path, tmp_path: Path):
    def analyze():
        result = run([articles_dir], RunOptions(out=tmp_path / "out", workers=1, ner="spacy", quotes="rules"))
        return result.manifest["counts"]["processed"], result.manifest["counts"]["reused"], result.manifest["redone"]

    def edit(relative: str) -> None:
        with (editable_copy / relative).open("a", encoding="utf-8") as handle:
            handle.write("\n# an edit\n")

    assert analyze()[:2] == (4, 0)
    for later in ("nlp/render/report.py", "nlp/comparison/compare.py", "nlp/render/terminal.py", "nlp/cli_support.py", "models/lexicons/compare_noise.txt"):
        edit(later)
    assert analyze() == (0, 4, [])

    edit("nlp/extract/claim_units.py")
    processed, reused, redone = analyze()
    assert (processed, reused) == (4, 0)
    assert redone == [{"documents": 4, "because": fingerprints.what_changed({"code": {"nlp/extract/claim_units.py": ""}}, {"code": {"nlp/extract/claim_units.py": "x"}})}]

    edit("models/lexicons/reporting_verbs.txt")
    processed, _, redone = analyze()
    assert processed == 4 and "lexicons changed (lexicons/reporting_verbs.txt)" in redone[0]["because"]
    assert "share one parse" in redone[0]["because"]
