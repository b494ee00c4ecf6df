"""Start-up: spaCy without torch, where nothing spaCy runs needs it.

thinc (under spaCy) imports torch whenever torch is installed, to offer
torch-backed layers; that import cost 1.3 CPU seconds per process here (the
driver and every worker), though spaCy's CPU pipelines never use it, and
presslens's own transformers run on ONNX Runtime (torch is imported where they
do not: `nlp.extract.token_classifier`).

`install()` adds an import hook: thinc's `thinc.compat` then loads as if torch
were absent. Nothing changes when torch is already imported (it is then free),
or when a spaCy plugin that runs torch layers through thinc is installed
(spacy-transformers, spacy-curated-transformers: the `_trf` pipelines). A later
`import torch` works as usual. Takes nothing and returns nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys

TORCH_SPACY_PLUGINS = ("spacy_transformers", "spacy_curated_transformers")


class _ThincWithoutTorch(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `thinc.compat` (once) and loads it with torch hidden."""

    def find_spec(self, name: str, path=None, target=None):
        if name != "thinc.compat":
            return None
        sys.meta_path.remove(self)  # one module, once: afterwards imports go their usual way
        if "torch" in sys.modules or any(importlib.util.find_spec(plugin) for plugin in TORCH_SPACY_PLUGINS):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            self.loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        sys.modules["torch"] = None  # `import torch` raises ImportError, which thinc.compat expects without torch
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]


def install() -> None:
    """Add the hook, unless thinc is loaded already or the hook is in place."""
    if "thinc.compat" not in sys.modules and not any(isinstance(finder, _ThincWithoutTorch) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ThincWithoutTorch())
