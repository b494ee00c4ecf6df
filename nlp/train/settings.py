"""Training settings: what `presslens train-ner` and `train-quotes` both take, without importing torch.

`TrainSettings` holds the options every trainer shares (base, epochs, out
folder, device, batch size, learning rate, seed, layers kept, progress, the
command to record); `NER_DEFAULTS` and `ATTRIBUTION_DEFAULTS` are each
trainer's defaults, read by the CLI's options and the trainers alike, so the
two cannot drift. `recorded_command()` is the command line a model card names.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, replace
from pathlib import Path

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class TrainSettings:
    """One training run's options; `base=None` is the packaged all-MiniLM-L6-v2, `layers=None` keeps them all."""

    epochs: int
    batch_size: int
    out_dir: Path
    learning_rate: float = 1e-4  # a 6-layer, 384-wide model learns a new head faster at twice BERT-base's usual 5e-5
    base: str | None = None
    device: str = "auto"
    seed: int = 13
    layers: int | None = None
    progress: bool = True
    command: str | None = None

    def but(self, **changes) -> TrainSettings:
        """These settings with `changes` (a CLI's options over a trainer's defaults)."""
        return replace(self, **changes)


NER_MAX_LENGTH = 256  # sub-words of one sentence; longer sentences are cut in training
NER_DEFAULTS = TrainSettings(epochs=5, batch_size=32, out_dir=Path("ner-model"))
ATTRIBUTION_DEFAULTS = TrainSettings(epochs=4, batch_size=16, out_dir=Path("attribution-model"))


def recorded_command() -> str:
    """This process's command line as a user would retype it: `python3 -m nlp.train.ner ...` or `presslens train-ner ...`."""
    if sys.orig_argv[1:2] == ["-m"]:
        return shlex.join(["python3", *sys.orig_argv[1:]])
    return shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]])
