"""The `presslens` command line through typer's CliRunner: exit codes, one-line errors, summary, `show`, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
from cli import app
from nlp.extract.pipeline import installed_models

# A wide terminal keeps rich from wrapping the lines the tests look for.
runner = CliRunner(env={"COLUMNS": "200"})


def invoke(*args: str | Path):
    return runner.invoke(app, [str(arg) for arg in args])


def assert_user_error(result, expected: str) -> None:
    """Exit code 2 and a single `error:` line that contains `expected`, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory, write_articles) -> tuple[Path, Path]:
    """(articles folder, out folder) of one `analyze` of the small articles, shared by the `show` tests."""
    root = tmp_path_factory.mktemp("cli")
    src, out = write_articles(root / "articles"), root / "out"
    result = invoke("analyze", src, "--out", out, "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return src, out


# --- analyze ----------------------------------------------------------------------------------


def test_analyze_quiet_writes_the_tables_and_prints_nothing(tmp_path, articles_dir):
    out = tmp_path / "out"
    result = invoke("analyze", articles_dir, "--out", out, "--workers", "1", "--quiet", "--format", "parquet, CSV,jsonl")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    tables = [f"{name}.{suffix}" for name in ("documents", "entities") for suffix in ("parquet", "csv", "jsonl")]
    for name in [*tables, "presslens.duckdb", "manifest.json"]:
        assert (out / name).is_file(), name


def test_analyze_prints_a_summary(tmp_path, articles_dir, article_texts):
    result = invoke("analyze", articles_dir, "--out", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert f"{len(article_texts)} documents" in result.stdout
    assert "0 failed" in result.stdout
    assert "from anonymous sources" in result.stdout and "Most quoted" in result.stdout  # the quotes' summary
    assert "Numeric claims by unit" in result.stdout and "USD" in result.stdout


def _out_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "taken").write_text("not a folder")
    return tmp_path / "taken"


def _out_under_a_file(tmp_path: Path) -> Path:
    return _out_is_a_file(tmp_path) / "sub"


MISTAKES = {
    # id: (arguments after `analyze` given tmp_path and the articles folder, text the error line contains)
    "missing-path": (lambda tmp, src: [tmp / "no-such-folder", "--out", tmp / "out"], "No such file or folder"),
    "out-is-a-file": (lambda tmp, src: [src, "--out", _out_is_a_file(tmp)], "Cannot write to the out folder"),
    "out-under-a-file": (lambda tmp, src: [src, "--out", _out_under_a_file(tmp)], "Cannot write to the out folder"),
    "unknown-format": (lambda tmp, src: [src, "--out", tmp / "out", "--format", "parquet,xlsx"], "Unknown format 'xlsx'"),
    "unknown-model": (
        lambda tmp, src: [src, "--out", tmp / "out", "--model", "xx_no_such_model"],
        f"Installed: {', '.join(installed_models())}",
    ),
}


@pytest.mark.parametrize(("arguments", "expected"), MISTAKES.values(), ids=MISTAKES.keys())
def test_user_mistake_is_one_error_line_and_exit_2(tmp_path, articles_dir, arguments, expected):
    result = invoke("analyze", *arguments(tmp_path, articles_dir), "--workers", "1")
    assert_user_error(result, expected)


def test_missing_path_with_brackets_is_one_error_line(tmp_path):
    result = invoke("analyze", tmp_path / "drafts[/old]", "--out", tmp_path / "out", "--workers", "1")
    assert_user_error(result, "drafts[/old]")


@pytest.mark.parametrize(("broken", "exit_code"), [(True, 1), (False, 0)], ids=["a-document-failed", "all-ok"])
def test_strict_exit_code(tmp_path, articles_dir, write_articles, broken, exit_code):
    if broken:
        write_articles(articles_dir, {"empty.txt": ""})
    result = invoke("analyze", articles_dir, "--out", tmp_path / "out", "--workers", "1", "--quiet", "--strict")
    assert result.exit_code == exit_code, result.output


def test_analyze_help_lists_the_main_options():
    result = invoke("analyze", "--help")
    assert result.exit_code == 0
    for option in ("--out", "--format", "--workers", "--force"):
        assert option in result.output, option


def test_analyze_help_keeps_the_documented_defaults():
    result = invoke("analyze", "--help")
    assert "the number of cores" in result.output
    assert "en_core_web_sm if installed" in result.output


# --- show -------------------------------------------------------------------------------------


def test_show_prints_the_article_and_its_entities(analyzed):
    _, out = analyzed
    result = invoke("show", "biden_merkel.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert "President Joe Biden met Angela Merkel in Berlin" in result.output
    assert "entities" in result.output
    assert "person:angela-merkel" in result.output


def test_show_lists_the_numeric_claims(analyzed):
    _, out = analyzed
    result = invoke("show", "un_summit.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 numeric claims" in result.output
    assert "$2 billion" in result.output and "2,000,000,000" in result.output and "USD" in result.output


def test_show_lists_the_quotes(analyzed):
    _, out = analyzed
    result = invoke("show", "apple_india.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert "quotes" in result.output and "Tim Cook" in result.output and "told" in result.output


def test_show_accepts_a_doc_id_without_its_extension(analyzed):
    _, out = analyzed
    assert invoke("show", "biden_merkel", "--out", out).output == invoke("show", "biden_merkel.txt", "--out", out).output


def test_show_accepts_the_file_path(analyzed):
    src, out = analyzed
    by_path = invoke("show", src / "biden_merkel.txt", "--out", out)
    assert by_path.exit_code == 0, by_path.output
    assert by_path.output == invoke("show", "biden_merkel.txt", "--out", out).output


def test_show_unknown_document_is_one_error_line(analyzed):
    _, out = analyzed
    assert_user_error(invoke("show", "no_such_article.txt", "--out", out), "No document 'no_such_article.txt'")


def test_show_with_only_the_out_folder_says_the_document_comes_first(analyzed):
    _, out = analyzed
    assert_user_error(invoke("show", out), f"'{out}' is an out folder, not a document; name the document first: presslens show DOC {out}")


def test_show_article_whose_title_has_brackets(tmp_path, write_articles):
    src = write_articles(tmp_path / "articles", {"breaking.txt": "[/Breaking] Biden in Berlin\n\nPresident Joe Biden met Angela Merkel in Berlin.\n"})
    invoke("analyze", src, "--out", tmp_path / "out", "--workers", "1", "--quiet")
    result = invoke("show", "breaking.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.exception
    assert "[/Breaking] Biden in Berlin" in result.output


def test_show_works_from_another_working_directory(tmp_path, write_articles, monkeypatch):
    write_articles(tmp_path / "project" / "articles")
    monkeypatch.chdir(tmp_path / "project")
    assert invoke("analyze", "articles", "--out", "out", "--workers", "1", "--quiet").exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = invoke("show", "biden_merkel.txt", "--out", tmp_path / "project" / "out")
    assert result.exit_code == 0, result.output


def test_show_and_report_keep_working_after_the_source_file_moved(tmp_path, write_articles):
    src = write_articles(tmp_path / "articles", {"moved.txt": "Biden in Berlin\n\nPresident Joe Biden met Angela Merkel in Berlin.\n"})
    out = tmp_path / "out"
    invoke("analyze", src, "--out", out, "--workers", "1", "--quiet")
    (src / "moved.txt").rename(tmp_path / "elsewhere.txt")
    result = invoke("show", "moved.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Angela Merkel" in result.output
    assert invoke("compare", out, "--quiet").exit_code == 0
    assert invoke("report", out).exit_code == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert " met " in page and "No text stored" not in page  # the article's words, between its highlights


# --- help, version, the same options everywhere ------------------------------------------------

COMMANDS = [["analyze"], ["show"], ["compare"], ["report"], ["browse"], ["train-ner"], ["eval", "entities"], ["eval", "quotes"], ["eval", "claims"]]


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"presslens {nlp.__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(command) for command in COMMANDS])
def test_every_command_help_has_an_example_and_no_bool_placeholder(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example: presslens " + " ".join(command) in " ".join(result.output.split())
    assert "<bool>" not in result.output


def test_commands_are_listed_in_the_order_of_use():
    output = invoke("--help").output
    positions = [output.index(f" {name} ") for name in ("analyze", "show", "compare", "report", "browse")]
    assert positions == sorted(positions)


def test_analyze_help_says_it_extracts_quotes_and_claims():
    first_line = " ".join(invoke("analyze", "--help").output.split())
    assert "entities, quoted sources and numeric claims" in first_line


@pytest.mark.parametrize("command", ["compare", "report", "browse"])
def test_out_folder_is_taken_as_argument_or_as_out(tmp_path, command):
    extra = ["--no-serve"] if command == "browse" else []
    as_argument = invoke(command, tmp_path, *extra)
    as_option = invoke(command, "--out", tmp_path, *extra)
    assert as_argument.exit_code == as_option.exit_code == 2
    assert as_argument.stderr == as_option.stderr
    assert str(tmp_path) in as_option.stderr


def test_show_takes_the_out_folder_as_argument_or_as_out(analyzed):
    _, out = analyzed
    as_argument = invoke("show", "nasa_moon.txt", out)
    assert as_argument.exit_code == 0, as_argument.output
    assert as_argument.output == invoke("show", "nasa_moon.txt", "--out", out).output


def test_workers_means_cores_everywhere():
    for command in (["analyze"], ["compare"], ["eval", "quotes"]):
        assert "Cores to use" in " ".join(invoke(*command, "--help").output.split()), command


def test_show_finds_a_document_by_words_of_its_title(analyzed):
    _, out = analyzed
    by_title = invoke("show", "moon MISSION", "--out", out)
    assert by_title.exit_code == 0, by_title.output
    assert by_title.output == invoke("show", "nasa_moon.txt", "--out", out).output


def test_show_with_words_of_several_titles_names_the_candidates(analyzed):
    _, out = analyzed
    assert_user_error(invoke("show", "in", "--out", out), "matches 3 documents")


def test_show_prints_a_legend_and_keeps_claim_values_whole_at_100_columns(analyzed):
    _, out = analyzed
    narrow = CliRunner(env={"COLUMNS": "100"}).invoke(app, ["show", "un_summit.txt", "--out", str(out)])
    assert narrow.exit_code == 0, narrow.output
    assert "Legend: " in narrow.output and "numeric claim" in narrow.output
    assert "2,000,000,000" in narrow.output
    assert "…" not in narrow.output  # nothing ellipsised


def test_compare_view_hints_when_every_document_is_in_one_group():
    from rich.console import Console

    import pandas as pd
    from nlp.render.terminal import _one_group_hint

    console = Console(record=True, width=200)
    _one_group_hint(pd.DataFrame({"group": ["(none)", "(none)"]}), "outlet", console)
    assert "every document is in one outlet group ((none))" in console.export_text()
    quiet = Console(record=True, width=200)
    _one_group_hint(pd.DataFrame({"group": ["a", "b"]}), "outlet", quiet)
    assert quiet.export_text() == ""
