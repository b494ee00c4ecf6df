"""presslens's analysis package: read -> process -> extract -> tables -> render.

For notebooks: `nlp.analyze(paths)` returns the tables as pandas DataFrames.
"""

from __future__ import annotations

__version__ = "0.1.0"


def analyze(paths, out=None, *, model=None, ner=None, workers=1, force=False, max_chars=None):
    """Analyze the articles under `paths`; returns {"documents": DataFrame, "entities": DataFrame, ...}.

    `out` keeps the tables and the results cache (re-runs are incremental); by
    default a temporary folder is used and removed afterwards. `model`, `ner`,
    `workers`, `force` and `max_chars` are the options of `presslens analyze`.
    """
    import tempfile
    from pathlib import Path

    from nlp.runner import RunOptions, run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    settings = {"model": model, "ner": ner, "workers": workers, "force": force, "max_chars": max_chars}
    if out is not None:
        return run(list(paths), RunOptions(out=Path(out), **settings)).tables
    with tempfile.TemporaryDirectory(prefix="presslens-") as scratch:
        return run(list(paths), RunOptions(out=Path(scratch), **settings)).tables
