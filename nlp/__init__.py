"""presslens's analysis package, one subpackage per stage of the data flow.

    data        the gold and training formats, and the tag schemes the taggers share
    extract     the spaCy pipeline and its components: one article's text -> entities, quotes, claims
    io          files -> `Article`s; a run's results cache -> the tables and files of an out folder
    run         `analyze`: batches of articles through `extract` on workers, into `io`
    comparison  `compare`: stories, quote matches and claim groups across the articles
    render      the terminal views and `report.html`
    eval        `presslens eval`: the extractions scored against gold data
    train       `presslens train-ner` and `train-quotes`, and the model cards

A stage imports only earlier ones (`STAGES` gives the order, and tests/test_layout.py holds
to it). The modules at this level import no stage: the table rows and their schemas every stage
shares, errors, lexicons, model pins, extras and the CLI's shared parts.

For notebooks: `nlp.analyze(paths)` returns the tables as pandas DataFrames,
`nlp.analyze_text("...")` the tables of one text, and `nlp.compare(out)` the
comparison tables of an out folder that `analyze` wrote. A mistake in the
input or setup raises a subclass of `nlp.PresslensError`.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from nlp import thinc_without_torch
from nlp.errors import PresslensError  # noqa: F401  (the API's one error class to catch)

try:
    __version__ = version("presslens")  # pyproject.toml's version, the one place it is written
except PackageNotFoundError:  # a source tree used without installing it
    __version__ = "0+unknown"
thinc_without_torch.install()  # before anything imports spaCy: spaCy then starts without torch

STAGES = ("data", "extract", "io", "run", "comparison", "render", "eval", "train")


def analyze(paths, out=None, *, model=None, ner=None, workers=1, force=False, max_chars=None):
    """Analyze the articles under `paths`; returns {"documents": DataFrame, "entities": DataFrame, ...}.

    `out` keeps the tables and the results cache (re-runs are incremental); by
    default a temporary folder is used and removed afterwards. `model`, `ner`,
    `workers`, `force` and `max_chars` are the options of `presslens analyze`.
    """
    import tempfile
    from pathlib import Path

    from nlp.run.runner import RunOptions, run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    settings = {"model": model, "ner": ner, "workers": workers, "force": force, "max_chars": max_chars}
    if out is not None:
        return run(list(paths), RunOptions(out=Path(out), **settings)).tables
    with tempfile.TemporaryDirectory(prefix="presslens-") as scratch:
        return run(list(paths), RunOptions(out=Path(scratch), **settings)).tables


def analyze_text(text, *, doc_id="text", title=None, outlet=None, model=None, ner=None):
    """Analyze one article given as a string; returns its tables ({"documents": DataFrame, "entities": ...}).

    `doc_id`, `title` and `outlet` fill its documents row; `model` and `ner`
    are the options of `presslens analyze`. Nothing is written outside a
    temporary folder.
    """
    import json
    import tempfile
    from pathlib import Path

    if not isinstance(text, str):
        raise TypeError(f"analyze_text takes a str, not {type(text).__name__}")
    record = {"id": doc_id, "text": text, "title": title, "outlet": outlet}
    with tempfile.TemporaryDirectory(prefix="presslens-") as scratch:
        source = Path(scratch) / "input" / "text.jsonl"
        source.parent.mkdir()
        source.write_text(json.dumps(record) + "\n", encoding="utf-8")
        return analyze(source, Path(scratch) / "out", model=model, ner=ner)



def compare(out, group_by="outlet", *, embedder=None, workers=None, find_stories=False):
    """The comparison tables of the out folder `out` ({"entity_summary": DataFrame, ..., "claim_groups": ...}).

    As `presslens compare` (which calls this), it also writes them into `out`,
    for `report` and `browse`. `group_by` is outlet, event, story or any
    documents column or meta key; `embedder` a sentence-transformers model name
    or folder; `workers` torch's threads; `find_stories` as --find-stories.
    """
    from pathlib import Path

    from nlp.comparison.compare import analyze_formats, write_compare_tables
    from nlp.comparison.compare import compare as compare_tables
    from nlp.comparison.embed import Embedder

    out = Path(out)
    analyze_formats(out)  # a folder without analyze's tables fails before the embedder loads
    frames = compare_tables(out, group_by, Embedder(embedder, threads=workers, cache_dir=out / ".presslens"), find=find_stories)
    write_compare_tables(frames, out)
    return frames
