"""`presslens eval`: score the extractions against gold data (entities, quotes, claims, compare).

Each command reads a gold file or folder, runs the core's evaluation and prints
a scores table; `cli.py` adds this sub-app as `eval`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from nlp.cli_support import WORKERS_HELP, console, default_workers, user_errors

# The pipeline options every scoring command shares with analyze.
EvalModel = Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default as for analyze).")]
EvalNer = Annotated[str | None, typer.Option(help="hybrid, spacy or hf:NAME_OR_PATH (default as for analyze).")]

eval_app = typer.Typer(help="Score presslens's extractions against gold data. Example: presslens eval claims --gold newsquant-dev.json", no_args_is_help=True)


def _evaluate(label: str, ner: str | None, evaluate):
    """(recognizer, scores) of `evaluate(advance)`, run under a spinner that `advance(sentences)` moves."""
    from rich.progress import Progress

    from nlp.extract.pipeline import resolve_ner

    with user_errors(interrupted="Evaluation stopped."):
        recognizer = resolve_ner(ner)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(label, total=None)
            return recognizer, evaluate(lambda count: progress.advance(task, count))


@eval_app.command("entities")
def eval_entities(
    gold: Annotated[Path, typer.Option("--gold", help="Gold data: CoNLL columns (word first, tag last; IOB1 or IOB2) or .jsonl spans.")],
    model: EvalModel = None,
    ner: EvalNer = None,
    fold: Annotated[bool, typer.Option(help="Fold OntoNotes labels onto CoNLL's PER, ORG, LOC, MISC.")] = True,
    raw: Annotated[bool, typer.Option("--raw", help="Analyse each gold sentence from its text, with analyze's own tokens and sentences; score character offsets.")] = False,
) -> None:
    """Entity-level precision, recall and F1 of the entity recognizer, overall and per type.

    Each gold sentence is analysed with its own words as tokens; an entity
    counts when its type and both ends match the gold one. With --raw the
    sentence's words, joined by spaces, are analysed as analyze would analyse
    an article, so tokenization and sentence splitting count too.

    Example: presslens eval entities --gold eng.testa --raw
    """
    from nlp.eval.entities import evaluate_entities
    from nlp.eval.ner_scores import scores_table

    recognizer, scores = _evaluate("eval entities", ner, lambda advance: evaluate_entities(gold, model, ner, fold, advance, raw))
    console.print(scores_table(scores, title=f"Entities in {gold.name} · recognizer {recognizer}"))


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder in PolNeAR's layout: text/*.txt and attributions/*.ann (brat standoff).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Out folder for the analysis of the gold articles; a re-run reuses it.")] = Path("out/eval-quotes"),
    errors_file: Annotated[Path | None, typer.Option("--misses", "--errors", help="JSON-lines file for the per-article errors (default: none written).")] = None,
    model: EvalModel = None,
    ner: EvalNer = None,
    quotes: Annotated[str | None, typer.Option(help="hybrid, rules or learned (default as for analyze).")] = None,
    half: Annotated[str, typer.Option("--half", help="tune, check or all: the protocol half of the gold articles to analyse and score (split by a hash of each file name).")] = "all",
    workers: Annotated[int | None, typer.Option(min=1, help=f"{WORKERS_HELP}: one worker process each, as for analyze.")] = None,
) -> None:
    """Precision, recall and F1 of the quotes table against attribution gold, overall and by kind.

    Soft match: predicted and gold content overlap by at least half of each; a
    prediction's content leaves out the speaker and cue inside it ("A," said X, "b").
    Exact match: equal spans after trimming spaces, quotation marks and , . ; :
    Kinds follow the gold content: direct (opens with a quotation mark), mixed
    (marks inside), indirect (none). Source and cue accuracy are over soft
    matches: the predicted speaker or cue overlaps the gold one. Tune rules on
    `--half tune`; measure on `--half check`.

    Example: presslens eval quotes --gold polnear/dev --half check --out out/eval-quotes
    """
    from nlp.eval.quotes import evaluate_quotes, write_errors
    from nlp.render.terminal import RichProgress, quote_scores_table

    with user_errors(interrupted="Evaluation stopped; finished articles are saved in --out."):
        with RichProgress(console) as progress:
            scores = evaluate_quotes(gold, out, model=model, ner=ner, quotes=quotes, workers=workers or default_workers(), progress=progress, half=half)
    console.print(quote_scores_table(scores, title=f"Quotes in {gold} ({half})"))
    if errors_file is not None:
        write_errors(scores, errors_file)
        console.print(f"Errors by article: {escape(str(errors_file))}")


@eval_app.command("claims")
def eval_claims(
    gold: Annotated[Path, typer.Option("--gold", help='NewsQuant JSON: a list of {text, quantities: [{value, normalized_unit, change}]}, ranges as "a-b".')],
    half: Annotated[str, typer.Option("--half", help="tune, check or all: the protocol half of the gold sentences to score (split by a hash of each sentence).")] = "all",
    model: EvalModel = None,
    ner: EvalNer = None,
    misses: Annotated[Path | None, typer.Option("--misses", help="JSON-lines file for the sentences with a missed, wrong or spurious quantity (default: none written).")] = None,
) -> None:
    """Value, value+unit and value+change precision, recall and F1 of the numeric claims, as CQE scores them.

    Each gold sentence is analysed as a document; a gold quantity matches a
    claim with the same value (or the same low and high for a range). Tune
    rules on `--half tune`; measure on `--half check`. Besides NewsQuant,
    the repository ships a gold of whole news reports in the same format,
    bench/gum-claims.json (see bench/gum-claims.md).

    Example: presslens eval claims --gold newsquant-dev.json --half check --misses misses.jsonl

    Example: presslens eval claims --gold bench/gum-claims.json --half tune
    """
    from nlp.eval.claims import HALVES, claim_scores_table, evaluate_claims

    if half not in HALVES:
        raise typer.BadParameter(f"{half!r} is not one of {', '.join(HALVES)}.", param_hint="--half")
    recognizer, scores = _evaluate("eval claims", ner, lambda advance: evaluate_claims(gold, model, ner, misses, advance, half))
    console.print(claim_scores_table(scores, title=f"Claims in {gold.name} ({half}) · recognizer {recognizer}"))
    if misses is not None:
        console.print(f"Misses in [bold]{escape(str(misses))}[/]")


@eval_app.command("compare")
def eval_compare(
    out: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="The folder `analyze` and `compare` wrote to.")],
    gold: Annotated[Path, typer.Option("--gold", help="JSON-lines gold: quantities and statements that two or more articles report, as file names and offsets (bench/compare-gold.jsonl).")],
) -> None:
    """Score claim_groups and quote_matches against a hand-made gold, per gold split (tuning, check, all).

    Example: presslens eval compare out/ --gold bench/compare-gold.jsonl
    """
    from rich.table import Table

    from nlp.eval.compare import evaluate_compare

    with user_errors(interrupted="Evaluation stopped."):
        scores = evaluate_compare(gold, out)
    table = Table(title=f"compare in {escape(str(out))} against {escape(gold.name)}", title_justify="left")
    for column in scores.columns:
        table.add_column(column, justify="left" if column == "split" else "right")
    for row in scores.itertuples(index=False):
        table.add_row(*("–" if value is None or value != value else str(value) for value in row))
    console.print(table)
