"""Optional dependencies: the parts of presslens a lean install leaves out.

`require(modules, extra, feature)` returns nothing when every module in
`modules` can be imported, and otherwise raises `MissingExtraError`, whose
one-line message names the pip extra that installs them (`presslens[dask]`
for --scheduler and --dask-local, `presslens[browse]` for `presslens browse`).
"""

from __future__ import annotations

from importlib.util import find_spec

from nlp.errors import PresslensError


class MissingExtraError(PresslensError):
    """A feature's optional dependencies are not installed (reported as a one-line error)."""


def require(modules: tuple[str, ...], extra: str, feature: str) -> None:
    """Raise MissingExtraError naming `extra` unless all of `modules` are importable."""
    missing = [module for module in modules if find_spec(module) is None]
    if missing:
        raise MissingExtraError(f"{feature} needs {', '.join(missing)}, which this install lacks: pip install 'presslens[{extra}]'")
